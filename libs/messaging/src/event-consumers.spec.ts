import { CompanyCreated } from '@roster/contracts';
import { durableName, redeliveryDelayMs } from './event-consumers';

describe('event consumer naming and backoff', () => {
  it('names a durable after the consuming context and the subject', () => {
    expect(durableName('billing', CompanyCreated)).toBe('billing--directory_events_company_created');
  });

  it('backs off exponentially from half a second, capped at 30 s', () => {
    expect([1, 2, 3, 4].map(redeliveryDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(redeliveryDelayMs(20)).toBe(30_000);
  });
});
