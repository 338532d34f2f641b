import { headers } from 'nats';
import { HEADER_IDEMPOTENCY_KEY } from '@roster/contracts';
import { idempotencyScope, requestHash, stableStringify } from './idempotency';
import { metaFromHeaders, metaToHeaders } from './request-meta';

describe('Idempotency-Key helpers', () => {
  it('hashes a request independently of key order, and tells different requests apart', () => {
    expect(stableStringify({ b: [1, { d: 1, c: 2 }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[1,{"c":2,"d":1}]}',
    );
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ companyId: 'x', email: 'a@b' })).not.toBe(
      requestHash({ companyId: 'y', email: 'a@b' }),
    );
  });

  it('scopes a key by actor and operation', () => {
    const meta = { requestId: 'r', actor: { type: 'user' as const, id: 'u1' } };
    expect(idempotencyScope(meta, 'directory.member.add.v1')).toBe('user:u1 directory.member.add.v1');
    expect(idempotencyScope({ ...meta, actor: { type: 'anonymous', id: null } }, 'x.y.z.v1')).toBe(
      'anonymous:- x.y.z.v1',
    );
  });

  it('travels in the NATS request headers', () => {
    const meta = { requestId: 'r', actor: { type: 'user' as const, id: 'u1' }, idempotencyKey: 'key-1' };
    const h = metaToHeaders(meta);
    expect(h.get(HEADER_IDEMPOTENCY_KEY)).toBe('key-1');
    expect(metaFromHeaders(h).idempotencyKey).toBe('key-1');
    const without = headers();
    without.set('x-request-id', 'r');
    expect(metaFromHeaders(without)).not.toHaveProperty('idempotencyKey');
  });
});
