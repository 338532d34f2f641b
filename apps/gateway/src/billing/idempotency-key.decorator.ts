import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@roster/contracts';

/**
 * The `Idempotency-Key` header of a request that moves money, forwarded to billing in the payload
 * (`idempotencyKey`): the same key with the same body gives the first result; with another body, 422.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const raw = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
    if (raw === undefined) return undefined;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key: 1–255 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
      ]);
    return key;
  },
);
