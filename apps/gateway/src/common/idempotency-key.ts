import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@roster/contracts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The `Idempotency-Key` header of a mutating request, validated (1–255 visible ASCII characters, else 400
 * naming the header). The gateway forwards it with every such request in the NATS request meta; the services
 * that honour it (docs/api.md) answer a repeat with the first response. Ignored on GET/HEAD.
 */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  if (!MUTATING.has(request.method)) return undefined;
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : '') : raw;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key: 1–255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be one value of 1–255 visible ASCII characters' },
    ]);
  return key;
}

/** OpenAPI: this route honours `Idempotency-Key`. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key per intended change (a UUID): a retry with the same key and the same request gets the ' +
        'first response (same status and body) instead of repeating the change; the same key with another ' +
        'request is 422. Kept 24 hours, per user and operation. See docs/api.md.',
    }),
  );
