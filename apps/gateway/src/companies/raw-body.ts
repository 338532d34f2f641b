import type { FastifyInstance } from 'fastify';

/**
 * Lets routes take a raw (non-JSON) body: the parser hands the bytes (or text) through, bounded by
 * `bodyLimit` (over it Fastify answers 413). Types already known to Fastify are left alone.
 */
export function acceptRawBody(
  fastify: FastifyInstance,
  contentTypes: readonly string[],
  parseAs: 'buffer' | 'string',
  bodyLimit: number,
): void {
  for (const type of contentTypes) {
    if (fastify.hasContentTypeParser(type)) continue;
    fastify.addContentTypeParser(type, { parseAs, bodyLimit }, (_request, body, done) => done(null, body));
  }
}
