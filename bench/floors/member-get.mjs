// B1 floor: the essential work of an authenticated member read, with no framework around it.
// HTTP (Fastify) -> ES256 JWT verify with a cached key (jose) -> NATS request -> bare responder ->
// one indexed pg query with the tenant check -> reply. Run with ROLE=gateway or ROLE=responder.
import Fastify from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { connect, JSONCodec } from 'nats';
import pg from 'pg';

const jc = JSONCodec();
const nc = await connect({ servers: process.env.NATS_URL });
const subject = `${process.env.FLOOR_PREFIX}floor.member.get`;

if (process.env.ROLE === 'responder') {
  const pool = new pg.Pool({ connectionString: process.env.DIRECTORY_DATABASE_URL, max: 10 });
  const sub = nc.subscribe(subject, { queue: 'floor' });
  (async () => {
    for await (const msg of sub) {
      const { caller, companyId, userId } = jc.decode(msg.data);
      pool
        .query(
          `SELECT m.user_id, m.role, p.email, p.display_name FROM memberships m
             JOIN profiles p ON p.user_id = m.user_id
            WHERE m.company_id = $1 AND m.user_id = $2
              AND EXISTS (SELECT 1 FROM memberships c WHERE c.company_id = $1 AND c.user_id = $3)`,
          [companyId, userId, caller],
        )
        .then(({ rows }) => msg.respond(jc.encode(rows[0] ?? null)))
        .catch(() => msg.respond(jc.encode({ error: true })));
    }
  })();
} else {
  const key = createLocalJWKSet(JSON.parse(process.env.JWT_JWKS)); // fetched once: a cached key set
  const app = Fastify({ logger: false });
  app.get('/companies/:companyId/members/:userId', async (request, reply) => {
    const token = request.headers.authorization?.slice(7) ?? '';
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['ES256'],
        issuer: process.env.JWT_ISSUER,
        audience: process.env.JWT_AUDIENCE,
      }));
    } catch {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    const msg = await nc.request(subject, jc.encode({ caller: payload.sub, ...request.params }), {
      timeout: 5000,
    });
    const member = jc.decode(msg.data);
    return member ? member : reply.code(404).send({ error: 'not found' });
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
}
process.send?.('ready');
