import type { EventEnvelope } from '@roster/contracts';
import { redact, subjectOf, userWithoutTenant } from './audit-projection';

const U = '6f1c1b1e-6c1d-4d3a-9a52-1a2b3c4d5e6f';
const G = '7f1c1b1e-6c1d-4d3a-9a52-1a2b3c4d5e6f';

describe('audit projection', () => {
  it('takes the most specific id in the data as the subject', () => {
    expect(subjectOf({ companyId: G, groupId: G, userId: U })).toEqual({ type: 'user', id: U });
    expect(subjectOf({ companyId: G, groupId: U })).toEqual({ type: 'group', id: U });
    expect(subjectOf({ companyId: G })).toEqual({ type: 'company', id: G });
    expect(subjectOf({ userId: 'not-a-uuid' })).toBeNull();
    expect(subjectOf(null)).toBeNull();
  });

  it('redacts raw tokens and codes but keeps ids', () => {
    expect(redact({ token: 'abc', tokenId: U, nested: { code: '123' }, name: 'x' })).toEqual({
      token: '[redacted]',
      tokenId: U,
      nested: { code: '[redacted]' },
      name: 'x',
    });
  });

  it('fans out only events without tenant that are about a user', () => {
    const base = { eventId: U, type: 't', version: 1, occurredAt: '', actor: { type: 'user', id: U } };
    const event = (tenantId: string | null, data: unknown) =>
      ({ ...base, tenantId, data, correlationId: null, causationId: null }) as EventEnvelope;
    expect(userWithoutTenant(event(null, { userId: U }))).toBe(U);
    expect(userWithoutTenant(event(G, { userId: U }))).toBeNull();
    expect(userWithoutTenant(event(null, { email: 'x@y.z' }))).toBeNull();
  });
});
