// B3's architecture, with no framework: what a login costs when it takes the platform's path (HTTP into a
// gateway, a NATS request to auth, auth's round trips to Postgres, argon2id, an ES256 token) written by hand,
// against B3's floor (bare argon2id verify behind bare HTTP), interleaved at 8 connections. Its ratio is an
// upper bound for B3 on this machine: the platform does this work and more (see bench/README.md).
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NATS_URL=nats://127.0.0.1:4222 node bench/micro/login-chain.mjs
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { connect, JSONCodec } from 'nats';
import pg from 'pg';
import { cpuMsOf, machineInfraCpu, machineInfraUsed } from '../lib/cpu.mjs';

const DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SUBJECT = `micro.login.${process.pid}`;
const codec = JSONCodec();
const role = process.env.ROLE;

if (role === 'gateway') {
  // HTTP in, one NATS request to auth, its answer out.
  const nc = await connect({ servers: NATS });
  createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const { email, password } = JSON.parse(body);
      const ip = req.headers['x-forwarded-for'];
      const reply = codec.decode((await nc.request(process.env.SUBJECT, codec.encode({ email, password, ip }), { timeout: 10_000 })).data);
      res.writeHead(reply.error ? 401 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  }).listen(Number(process.env.PORT), '127.0.0.1', () => process.send('ready'));
} else if (role === 'auth') {
  // auth's login: the two brute-force counts, the account, the hash, then session + refresh token + attempt
  // + account-log entry in one transaction, and a signed access token. Statements prepared, as auth's are.
  process.env.UV_THREADPOOL_SIZE = String(availableParallelism());
  const { verify } = await import('@node-rs/argon2');
  const { SignJWT, generateKeyPair } = await import('jose');
  const { privateKey } = await generateKeyPair('ES256');
  const pool = new pg.Pool({ connectionString: process.env.DB, max: 8 });
  const q = (c, name, text, values) => c.query({ name, text, values }).then((r) => r.rows);
  const nc = await connect({ servers: NATS });
  const sub = nc.subscribe(process.env.SUBJECT);
  process.send('ready');
  for await (const m of sub) {
    (async () => {
      const { email, password, ip } = codec.decode(m.data);
      const since = new Date(Date.now() - 900_000);
      await Promise.all([
        q(pool, 'acct', `SELECT created_at FROM micro_attempts WHERE email = $1 AND NOT succeeded AND created_at > $2 ORDER BY created_at DESC LIMIT 5`, [email, since]),
        q(pool, 'ip', `SELECT count(*) FROM (SELECT 1 FROM micro_attempts WHERE ip = $1 AND NOT succeeded AND created_at > $2 LIMIT 20) c`, [ip, since]),
      ]);
      const [user] = await q(pool, 'user', `SELECT id, password_hash, status FROM micro_users WHERE email = $1`, [email]);
      if (!user || !(await verify(user.password_hash, password))) return m.respond(codec.encode({ error: 'invalid' }));
      const client = await pool.connect();
      const sessionId = randomUUID();
      try {
        await client.query('BEGIN');
        await q(client, 'session', `WITH s AS (INSERT INTO micro_sessions (id, user_id, ip) VALUES ($1, $2, $3) RETURNING id)
          INSERT INTO micro_refresh (id, session_id, token_hash) SELECT $4, id, $5 FROM s`, [sessionId, user.id, ip, randomUUID(), randomBytes(32).toString('hex')]);
        await q(client, 'attempt', `INSERT INTO micro_attempts (email, ip, succeeded, created_at) VALUES ($1, $2, true, now())`, [email, ip]);
        await q(client, 'log', `INSERT INTO micro_log (id, user_id, type, ip) VALUES ($1, $2, 'login_succeeded', $3)`, [randomUUID(), user.id, ip]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      const accessToken = await new SignJWT({ sid: sessionId }).setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setSubject(user.id).setIssuer('micro').setAudience('micro').setIssuedAt().setExpirationTime('15m').sign(privateKey);
      m.respond(codec.encode({ accessToken, refreshToken: randomBytes(32).toString('base64url'), sessionId }));
    })().catch((e) => m.respond(codec.encode({ error: String(e) })));
  }
} else {
  const { hash } = await import('@node-rs/argon2');
  const admin = new pg.Client({ connectionString: DB });
  await admin.connect();
  const stored = await hash('bench password 1', { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await admin.query(`DROP TABLE IF EXISTS micro_refresh, micro_sessions, micro_attempts, micro_log, micro_users`);
  await admin.query(`CREATE TABLE micro_users (id uuid PRIMARY KEY, email text UNIQUE NOT NULL, password_hash text NOT NULL, status text NOT NULL)`);
  await admin.query(`CREATE TABLE micro_attempts (id bigserial PRIMARY KEY, email text, ip text, succeeded boolean, created_at timestamptz)`);
  await admin.query(`CREATE INDEX ON micro_attempts (email, created_at)`);
  await admin.query(`CREATE INDEX ON micro_attempts (ip, created_at)`);
  await admin.query(`CREATE TABLE micro_sessions (id uuid PRIMARY KEY, user_id uuid REFERENCES micro_users, ip text, created_at timestamptz DEFAULT now())`);
  await admin.query(`CREATE TABLE micro_refresh (id uuid PRIMARY KEY, session_id uuid REFERENCES micro_sessions, token_hash text UNIQUE)`);
  await admin.query(`CREATE TABLE micro_log (id uuid PRIMARY KEY, user_id uuid, type text, ip text, at timestamptz DEFAULT now())`);
  await admin.query(`INSERT INTO micro_users SELECT gen_random_uuid(), 'user-' || i || '@micro.test', $1, 'active' FROM generate_series(1, 10000) i`, [stored]);
  const start = (file, env) => new Promise((resolve) => {
    const child = fork(file, [], { env: { ...process.env, ...env } });
    child.once('message', () => resolve(child));
  });
  const self = import.meta.filename;
  const [gwPort, floorPort] = [18431, 18432];
  const auth = await start(self, { ROLE: 'auth', SUBJECT, DB });
  const gateway = await start(self, { ROLE: 'gateway', SUBJECT, PORT: String(gwPort) });
  const floorProc = await start(path.join(import.meta.dirname, '../floors/argon2-verify.mjs'), { PORT: String(floorPort) });
  let n = 0;
  const login = { method: 'POST', path: '/', setupRequest: (req) => {
    n++;
    return { ...req, headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ email: `user-${(n % 10000) + 1}@micro.test`, password: 'bench password 1' }) };
  } };
  const run = async (port, own, duration = 10) => {
    const before = own.map((p) => cpuMsOf(p));
    const infraBefore = machineInfraCpu();
    const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 8, duration, requests: [login] });
    const ownUsed = own.reduce((sum, p, i) => sum + cpuMsOf(p) - before[i], 0);
    const infraUsed = machineInfraUsed(infraBefore);
    if (r.non2xx) throw new Error(`${r.non2xx} wrong answers`);
    return { perSecond: r.requests.total / duration, cpuMs: ownUsed / r.requests.total, infraMs: infraUsed / r.requests.total };
  };
  await run(floorPort, [], 3);
  await run(gwPort, [], 3);
  const ratios = [];
  for (let round = 1; round <= 3; round++) {
    const f = await run(floorPort, [floorProc.pid]);
    const c = await run(gwPort, [gateway.pid, auth.pid]);
    ratios.push(c.perSecond / f.perSecond);
    console.log(`round ${round}: floor ${f.perSecond.toFixed(0)}/s (${f.cpuMs.toFixed(2)} CPU-ms), chain ${c.perSecond.toFixed(0)}/s ` +
      `(CPU-ms: gateway and auth ${c.cpuMs.toFixed(2)}, Postgres and NATS ${c.infraMs.toFixed(2)}), ratio ${(c.perSecond / f.perSecond).toFixed(2)}`);
  }
  console.log(`ratio median ${ratios.sort()[1].toFixed(2)} [${ratios[0].toFixed(2)}–${ratios[2].toFixed(2)}]`);
  for (const child of [auth, gateway, floorProc]) child.kill();
  await admin.query(`DROP TABLE micro_refresh, micro_sessions, micro_attempts, micro_log, micro_users`);
  await admin.end();
}
