import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { CompanyCreated, EventEnvelope, UserRegistered } from '@roster/contracts';
import { discoverEventHandlers } from './event-handler-discovery';
import { OnEvent, OnEventPattern } from './on-event.decorator';

class Handlers {
  @OnEventPattern('directory.events.>', { inTransaction: true })
  async audit(_event: EventEnvelope, _manager: EntityManager) {}

  @OnEvent(CompanyCreated, { consumer: 'link', inTransaction: true })
  async link(_event: EventEnvelope, _manager: EntityManager) {}

  @OnEvent(UserRegistered)
  async users(_event: EventEnvelope, _manager: EntityManager) {}
}

/** A mistake: another context's event is not recorded here, so it has no transaction to run in. */
class Misplaced {
  @OnEvent(UserRegistered, { inTransaction: true })
  async users(_event: EventEnvelope, _manager: EntityManager) {}
}

const discoveryOf = (instance: object) =>
  ({ getProviders: () => [{ instance }] }) as unknown as DiscoveryService;

describe('discoverEventHandlers', () => {
  it('finds every handler with its ledger key and whether it runs in the transaction', () => {
    const found = discoverEventHandlers(discoveryOf(new Handlers()), new MetadataScanner(), 'directory');
    expect(found.map((f) => [f.key, f.subject, f.inTransaction])).toEqual([
      ['directory--pattern--directory_events_gt', 'directory.events.>', true],
      ['directory--link--directory_events_company_created', CompanyCreated.subject, true],
      ['directory--auth_events_user_registered', UserRegistered.subject, false],
    ]);
  });

  it("refuses an in-transaction handler of another context's events", () => {
    expect(() =>
      discoverEventHandlers(discoveryOf(new Misplaced()), new MetadataScanner(), 'directory'),
    ).toThrow(/only the service's own events/);
  });
});
