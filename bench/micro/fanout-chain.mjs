// B6's architecture, with no framework: a member addition taking the platform's path written by hand, against
// B6's floor (bare JetStream publish → pull consume → pg insert → ack), interleaved like B6 (200/s, then as
// fast as possible). The path: HTTP into a gateway process (JWT verified with a cached key), a NATS request to
// a directory process (one transaction with directory's round trips: profile, access check with the company
// lock, membership, sequence + member log, outbox, audit), its outbox relay (take and mark, publish to
// JetStream, commit), then three consumer processes as billing's, integrations' and auth's (each event in a
// transaction with the de-duplication ledger, then ack). Statements prepared, as the platform's hot ones
// are. What it reaches bounds what B6 can reach on this machine (see bench/README.md).
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NATS_URL=nats://127.0.0.1:4222 node bench/micro/fanout-chain.mjs
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AckPolicy, connect, JSONCodec } from 'nats';
import pg from 'pg';
import { cpuMsOf, machineInfraCpu, machineInfraUsed, reapedChildrenCpuMs } from '../lib/cpu.mjs';
import { paced } from '../lib/load.mjs';

const DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ID = process.env.MICRO_ID ?? `m${process.pid}`;
const [STREAM, EVENT, REQUEST] = [`MICRO_FANOUT_${ID}`, `micro.${ID}.events.member.added`, `micro.${ID}.member.add`];
const N = 2000;
const codec = JSONCodec();
const role = process.env.ROLE;
const q = (c, name, text, values) => c.query({ name, text, values }).then((r) => r.rows);
const inTransaction = async (pool, work) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

if (role === 'gateway') {
  const { importJWK, jwtVerify } = await import('jose');
  const key = await importJWK(JSON.parse(process.env.JWK), 'ES256');
  const nc = await connect({ servers: NATS, noAsyncTraces: true });
  createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const { payload } = await jwtVerify(req.headers.authorization.slice(7), key, { algorithms: ['ES256'], issuer: 'micro', audience: 'micro' });
      const { email, role: memberRole, sentAt } = JSON.parse(body);
      const companyId = req.url.split('/')[2];
      const reply = codec.decode((await nc.request(REQUEST, codec.encode({ actor: payload.sub, companyId, email, role: memberRole, sentAt }), { timeout: 10_000 })).data);
      res.writeHead(reply.error ? 409 : 201, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  }).listen(Number(process.env.PORT), '127.0.0.1', () => process.send('ready'));
} else if (role === 'directory') {
  const pool = new pg.Pool({ connectionString: DB, max: 8 });
  const nc = await connect({ servers: NATS, noAsyncTraces: true });
  const js = nc.jetstream();
  let wake = () => {};
  let kicked = false;
  // The relay: take and mark a batch in one statement, publish, commit when JetStream has acked.
  (async () => {
    for (;;) {
      if (!kicked) await new Promise((r) => (wake = r));
      kicked = false;
      await inTransaction(pool, async (c) => {
        const rows = await q(c, 'take', `WITH t AS (SELECT id FROM micro_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 200 FOR UPDATE SKIP LOCKED)
          UPDATE micro_outbox o SET sent_at = now() FROM t WHERE o.id = t.id RETURNING o.id, o.seq, o.envelope`, []);
        rows.sort((a, b) => Number(a.seq) - Number(b.seq));
        await Promise.all(rows.map((r) => js.publish(EVENT, codec.encode(r.envelope), { msgID: r.id })));
      });
    }
  })();
  for await (const m of nc.subscribe(REQUEST)) {
    (async () => {
      const { actor, companyId, email, role: memberRole, sentAt } = codec.decode(m.data);
      const event = await inTransaction(pool, async (c) => {
        const [profile] = await q(c, 'profile', `SELECT user_id, email, display_name FROM micro_profiles WHERE lower(email) = lower($1)`, [email]);
        const [access] = await q(c, 'access', `SELECT m.role FROM micro_companies co LEFT JOIN micro_memberships m ON m.company_id = co.id AND m.user_id = $2
          WHERE co.id = $1 FOR NO KEY UPDATE OF co`, [companyId, actor]);
        if (access?.role !== 'owner' || !profile) throw new Error('refused');
        const [added] = await q(c, 'add', `INSERT INTO micro_memberships (company_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING created_at`, [companyId, profile.user_id, memberRole]);
        if (!added) throw new Error('already a member');
        const [{ sequence, active }] = await q(c, 'logged', `WITH raised AS (UPDATE micro_companies SET member_sequence = member_sequence + 1 WHERE id = $1 RETURNING member_sequence),
          logged AS (INSERT INTO micro_member_log (company_id, user_id, action, sequence) SELECT $1::uuid, $2::uuid, 'added', member_sequence FROM raised)
          SELECT member_sequence AS sequence, (SELECT count(*)::int FROM micro_memberships WHERE company_id = $1) AS active FROM raised`, [companyId, profile.user_id]);
        const envelope = { eventId: randomUUID(), type: 'member.added', tenantId: companyId, actor: { type: 'user', id: actor }, occurredAt: new Date().toISOString(),
          data: { companyId, userId: profile.user_id, role: memberRole, status: 'active', sequence, activeSeats: active, sentAt } };
        await q(c, 'outbox', `INSERT INTO micro_outbox (id, envelope) VALUES ($1, $2)`, [envelope.eventId, JSON.stringify(envelope)]);
        await q(c, 'audit', `INSERT INTO micro_audit (event_id, company_id, type, actor_id, subject_id) VALUES ($1, $2, $3, $4, $5)`, [envelope.eventId, companyId, envelope.type, actor, profile.user_id]);
        return envelope;
      });
      kicked = true;
      wake();
      m.respond(codec.encode({ companyId, userId: event.data.userId, role: memberRole }));
    })().catch((e) => m.respond(codec.encode({ error: String(e) })));
  }
} else if (role) {
  // A consumer: each event in a transaction with the de-duplication ledger (a redelivery changes nothing).
  const pool = new pg.Pool({ connectionString: DB, max: 4 });
  const nc = await connect({ servers: NATS, noAsyncTraces: true });
  const work = {
    billing: (c, d) => q(c, 'seat', `WITH l AS (SELECT pg_advisory_xact_lock(hashtext($1))), s AS (
        INSERT INTO micro_seats (company_id, user_id, sequence) SELECT $1::uuid, $2::uuid, $3::int FROM l ON CONFLICT (company_id, user_id) DO UPDATE SET sequence = EXCLUDED.sequence)
        INSERT INTO micro_seat_changes (company_id, user_id, delta, recorded_at) SELECT $1::uuid, $2::uuid, 1, clock_timestamp() FROM l`, [d.companyId, d.userId, d.sequence]),
    integrations: async (c, d, e) => {
      await q(c, 'recipes', `SELECT id FROM micro_recipes WHERE company_id = $1 AND event_type = $2`, [d.companyId, e.type]);
      await q(c, 'events', `INSERT INTO micro_webhook_events (event_id, company_id, type, payload) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [e.eventId, d.companyId, e.type, JSON.stringify(d)]);
      await q(c, 'members', `INSERT INTO micro_int_members (company_id, user_id, role, sequence) VALUES ($1, $2, $3, $4) ON CONFLICT (company_id, user_id) DO UPDATE SET role = EXCLUDED.role`, [d.companyId, d.userId, d.role, d.sequence]);
    },
    auth: (c, d) => q(c, 'members', `INSERT INTO micro_auth_members (company_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (company_id, user_id) DO UPDATE SET role = EXCLUDED.role`, [d.companyId, d.userId, d.role]),
  }[role];
  const consumer = await nc.jetstream().consumers.get(STREAM, role);
  const messages = await consumer.consume({ max_messages: 256 });
  const latencies = [];
  process.on('message', () => process.send({ latencies: latencies.splice(0) }));
  process.send('ready');
  for await (const msg of messages) {
    const envelope = codec.decode(msg.data);
    await inTransaction(pool, async (c) => {
      const [fresh] = await q(c, 'ledger', `INSERT INTO micro_processed (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [role, envelope.eventId]);
      if (fresh) await work(c, envelope.data, envelope);
    });
    msg.ack();
    if (role === 'billing') latencies.push(Date.now() - envelope.data.sentAt);
  }
} else {
  const admin = new pg.Client({ connectionString: DB });
  await admin.connect();
  const tables = ['micro_companies', 'micro_profiles', 'micro_memberships', 'micro_member_log', 'micro_outbox', 'micro_audit', 'micro_processed', 'micro_seats',
    'micro_seat_changes', 'micro_recipes', 'micro_webhook_events', 'micro_int_members', 'micro_auth_members'];
  const drop = () => admin.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`);
  await drop();
  for (const ddl of [
    `micro_companies (id uuid PRIMARY KEY, member_sequence int NOT NULL DEFAULT 0)`,
    `micro_profiles (user_id uuid PRIMARY KEY, email text NOT NULL, display_name text)`,
    `micro_memberships (company_id uuid REFERENCES micro_companies, user_id uuid, role text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (company_id, user_id))`,
    `micro_member_log (id bigserial PRIMARY KEY, company_id uuid, user_id uuid, action text, sequence int, at timestamptz DEFAULT now())`,
    `micro_outbox (seq bigserial, id uuid PRIMARY KEY, envelope jsonb NOT NULL, created_at timestamptz DEFAULT now(), sent_at timestamptz)`,
    `micro_audit (id bigserial PRIMARY KEY, event_id uuid UNIQUE, company_id uuid, type text, actor_id uuid, subject_id uuid, at timestamptz DEFAULT now())`,
    `micro_processed (consumer text, event_id uuid, at timestamptz DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
    `micro_seats (company_id uuid, user_id uuid, sequence int, PRIMARY KEY (company_id, user_id))`,
    `micro_seat_changes (id bigserial PRIMARY KEY, company_id uuid, user_id uuid, delta int, recorded_at timestamptz)`,
    `micro_recipes (id uuid PRIMARY KEY, company_id uuid, event_type text)`,
    `micro_webhook_events (event_id uuid PRIMARY KEY, company_id uuid, type text, payload jsonb)`,
    `micro_int_members (company_id uuid, user_id uuid, role text, sequence int, PRIMARY KEY (company_id, user_id))`,
    `micro_auth_members (company_id uuid, user_id uuid, role text, PRIMARY KEY (company_id, user_id))`,
  ]) await admin.query(`CREATE TABLE ${ddl}`);
  await admin.query(`CREATE INDEX ON micro_profiles (lower(email))`);
  await admin.query(`CREATE INDEX ON micro_outbox (seq) WHERE sent_at IS NULL`);
  await admin.query(`CREATE INDEX ON micro_recipes (company_id, event_type)`);
  const owner = randomUUID();
  await admin.query(`INSERT INTO micro_profiles SELECT gen_random_uuid(), 'user-' || i || '@micro.test', 'User ' || i FROM generate_series(1, 20000) i`);
  /** 16 fresh companies owned by the caller: each run spreads its additions over them, as B6 does. */
  const freshCompanies = async () => {
    const ids = Array.from({ length: 16 }, () => randomUUID());
    await admin.query(`INSERT INTO micro_companies (id) SELECT unnest($1::uuid[])`, [ids]);
    await admin.query(`INSERT INTO micro_memberships (company_id, user_id, role) SELECT unnest($1::uuid[]), $2, 'owner'`, [ids, owner]);
    return ids;
  };
  const nc = await connect({ servers: NATS });
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: STREAM, subjects: [`micro.${ID}.events.>`] });
  for (const name of ['billing', 'integrations', 'auth']) await jsm.consumers.add(STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit });
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setSubject(owner).setIssuer('micro').setAudience('micro').setExpirationTime('1h').sign(privateKey);
  const start = (env) => new Promise((resolve) => {
    const child = fork(import.meta.filename, [], { env: { ...process.env, MICRO_ID: ID, ...env } });
    child.once('message', () => resolve(child));
  });
  const port = 18441;
  const consumers = Object.fromEntries(await Promise.all(['billing', 'integrations', 'auth'].map(async (r) => [r, await start({ ROLE: r })])));
  const directory = fork(import.meta.filename, [], { env: { ...process.env, MICRO_ID: ID, ROLE: 'directory' } });
  const gateway = await start({ ROLE: 'gateway', PORT: String(port), JWK: JSON.stringify(await exportJWK(publicKey)) });
  await new Promise((r) => setTimeout(r, 500)); // directory's subscription
  const own = [gateway, directory, ...Object.values(consumers)].map((c) => c.pid);
  const latenciesOfBilling = () => new Promise((resolve) => { consumers.billing.once('message', (m) => resolve(m.latencies)); consumers.billing.send('latencies'); });
  const pct = (list, p) => list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((list.length * p) / 100))];
  let next = 0;
  const chain = async (rate) => {
    const companies = await freshCompanies();
    const before = own.map((p) => cpuMsOf(p));
    const infraBefore = machineInfraCpu();
    const started = Date.now();
    const add = async () => {
      const i = ++next;
      const res = await fetch(`http://127.0.0.1:${port}/companies/${companies[i % 16]}/members`, { method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `user-${i}@micro.test`, role: 'member', sentAt: Date.now() }) });
      if (res.status !== 201) throw new Error(`addition ${i}: ${res.status} ${await res.text()}`);
    };
    await paced(N, rate, add);
    let latencies = [];
    while (latencies.length < N) {
      latencies = latencies.concat(await latenciesOfBilling());
      if (latencies.length < N) await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (Date.now() - started) / 1000;
    const ownUsed = own.reduce((sum, p, i) => sum + cpuMsOf(p) - before[i], 0);
    return { perSecond: N / seconds, p99: pct(latencies, 99), p50: pct(latencies, 50), cpuMs: ownUsed / N, infraMs: machineInfraUsed(infraBefore) / N };
  };
  const floor = async (rate, r) => {
    const before = machineInfraCpu();
    const floorBefore = reapedChildrenCpuMs();
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '../floors/fanout.mjs')], { stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NATS_URL: NATS, FLOOR_DATABASE_URL: DB, FLOOR_PREFIX: `${ID}_f${rate}_${r}_`, EVENTS: String(N), RATE: String(rate) } });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await once(child, 'exit');
    const { latencies, seconds } = JSON.parse(out);
    const cpu = machineInfraUsed(before) + reapedChildrenCpuMs() - floorBefore;
    return { perSecond: N / seconds, p99: pct(latencies, 99), p50: pct(latencies, 50), cpuMs: cpu / N };
  };
  const fmt = (x) => `${x.perSecond.toFixed(0)}/s, p50 ${x.p50.toFixed(1)} p99 ${x.p99.toFixed(1)} ms, CPU-ms ${x.cpuMs.toFixed(2)}${x.infraMs === undefined ? '' : ` + Postgres and NATS ${x.infraMs.toFixed(2)}`}`;
  await chain(0); // warm-up, unrecorded
  for (let round = 1; round <= 3; round++) {
    const [f, c] = [await floor(200, round), await chain(200)];
    console.log(`round ${round} at 200/s: floor ${fmt(f)}; chain ${fmt(c)}; p99 ratio ${(c.p99 / f.p99).toFixed(1)}`);
    const [ff, cc] = [await floor(0, round), await chain(0)];
    console.log(`round ${round} unpaced: floor ${fmt(ff)}; chain ${fmt(cc)}; throughput ratio ${(cc.perSecond / ff.perSecond).toFixed(2)}`);
  }
  for (const child of [gateway, directory, ...Object.values(consumers)]) child.kill();
  await jsm.streams.delete(STREAM);
  await nc.close();
  await drop();
  await admin.query('DROP TABLE IF EXISTS floor_seat_changes');
  await admin.end();
}
