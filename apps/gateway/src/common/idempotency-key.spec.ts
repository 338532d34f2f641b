import type { FastifyRequest } from 'fastify';
import { idempotencyKeyOf } from './idempotency-key';

const req = (method: string, value?: string | string[]) =>
  ({ method, headers: value === undefined ? {} : { 'idempotency-key': value } }) as unknown as FastifyRequest;

describe('idempotencyKeyOf', () => {
  it('takes the key of a mutating request', () => {
    expect(idempotencyKeyOf(req('POST', '3f1c6c1e-8a55-4b7e-9d0c-2a1f5e0b7c11'))).toBe(
      '3f1c6c1e-8a55-4b7e-9d0c-2a1f5e0b7c11',
    );
    expect(idempotencyKeyOf(req('DELETE', 'k'))).toBe('k');
    expect(idempotencyKeyOf(req('POST'))).toBeUndefined();
  });

  it('ignores it on reads', () => {
    expect(idempotencyKeyOf(req('GET', 'has spaces'))).toBeUndefined();
  });

  it.each([['has spaces'], [''], ['x'.repeat(256)], ['é'], [['a', 'b']]])(
    'refuses %j with a 400 naming Idempotency-Key',
    (value) => {
      expect(() => idempotencyKeyOf(req('POST', value))).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
        }),
      );
    },
  );
});
