import { CompanyCreated, EventContract, MemberAdded, UserRegistered } from '@roster/contracts';
import { consumersOf, hostOnWholeStreams, redeliveryDelayMs } from './event-consumers';
import { durableName, patternDurableName } from './event-handler-discovery';

describe('event consumer naming and backoff', () => {
  it('names a durable after the consuming context and the subject', () => {
    expect(durableName('billing', CompanyCreated)).toBe('billing--directory_events_company_created');
  });

  it('backs off exponentially from half a second, capped at 30 s', () => {
    expect([1, 2, 3, 4].map(redeliveryDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(redeliveryDelayMs(20)).toBe(30_000);
  });
});

describe('hostOnWholeStreams', () => {
  const handler = async () => undefined;
  const pattern = (subject: string, inTransaction = false) => ({
    owner: subject.split('.')[0] as 'directory' | 'auth',
    subject,
    key: patternDurableName('directory', { owner: 'directory', subject }),
    handler,
    inTransaction,
  });
  const contract = (c: EventContract<unknown>, consumer?: string, inTransaction = false) => ({
    owner: c.owner,
    subject: c.subject,
    contract: c,
    key: durableName('directory', c, consumer),
    handler,
    inTransaction,
  });

  it("hosts a stream's contract handlers on the service's whole-stream consumer, each with its own ledger key", () => {
    const registrations = hostOnWholeStreams([
      contract(CompanyCreated),
      pattern('directory.events.>'),
      contract(MemberAdded, 'contacts'),
      pattern('directory.events.group.*'),
      contract(UserRegistered),
    ]);
    const active = registrations.filter((r) => !r.drainOnly);
    expect(active.map((r) => [r.durable, r.subject, r.parts.map((p) => p.key)])).toEqual([
      [
        'directory--pattern--directory_events_gt',
        'directory.events.>',
        [
          'directory--pattern--directory_events_gt',
          'directory--directory_events_company_created',
          'directory--contacts--directory_events_member_added',
        ],
      ],
      // A narrower pattern, and a stream the service does not consume whole: their own durables.
      [
        'directory--pattern--directory_events_group_star',
        'directory.events.group.*',
        ['directory--pattern--directory_events_group_star'],
      ],
      [
        'directory--auth_events_user_registered',
        UserRegistered.subject,
        ['directory--auth_events_user_registered'],
      ],
    ]);
    // The hosted handlers' former durables are drained (if an earlier version left them), under their own filter.
    expect(registrations.filter((r) => r.drainOnly).map((r) => [r.durable, r.subject])).toEqual([
      ['directory--directory_events_company_created', CompanyCreated.subject],
      ['directory--contacts--directory_events_member_added', MemberAdded.subject],
    ]);
  });

  it('keeps one durable per handler where no whole-stream consumer exists', () => {
    const registrations = hostOnWholeStreams([contract(CompanyCreated), contract(MemberAdded)]);
    expect(registrations.map((r) => [r.durable, r.parts.length, r.drainOnly ?? false])).toEqual([
      ['directory--directory_events_company_created', 1, false],
      ['directory--directory_events_member_added', 1, false],
    ]);
  });

  it('gives in-transaction handlers no consumer: only their former durables, as they were grouped, to drain', () => {
    const registrations = consumersOf([
      pattern('directory.events.>', true),
      contract(MemberAdded, 'contacts', true),
      contract(UserRegistered),
      pattern('auth.events.>'),
    ]);
    expect(registrations.map((r) => [r.durable, r.drainOnly ?? false, r.parts.map((p) => p.key)])).toEqual([
      // auth's stream: its whole-stream consumer hosts the contract handler, as before.
      [
        'directory--pattern--auth_events_gt',
        false,
        ['directory--pattern--auth_events_gt', 'directory--auth_events_user_registered'],
      ],
      ['directory--auth_events_user_registered', true, ['directory--auth_events_user_registered']],
      // Own stream, handled in the transaction: the former host and the former durable of its hosted part.
      [
        'directory--pattern--directory_events_gt',
        true,
        ['directory--pattern--directory_events_gt', 'directory--contacts--directory_events_member_added'],
      ],
      [
        'directory--contacts--directory_events_member_added',
        true,
        ['directory--contacts--directory_events_member_added'],
      ],
    ]);
  });
});
