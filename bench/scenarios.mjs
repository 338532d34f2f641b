// The scenarios of bench/README.md. Each runs its floor and itself interleaved, `params.rounds` times,
// and returns report rows. Every answer is checked: a wrong status or an unverifiable token fails the run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { connect } from 'nats';
import pg from 'pg';
import { delta, natsPids, postgresPids, reapedChildrenCpuMs, snapshot } from './lib/cpu.mjs';
import { measure, measureChains, paced, percentile, spread } from './lib/load.mjs';
import { BENCH_PASSWORD, companyId, emailOf, userId } from './lib/seed.mjs';

const { nodeArgsFor } = createRequire(import.meta.url)('../scripts/lib/platform.cjs');

/** Seconds of unrecorded load on each side before a scenario's rounds: the JIT's warm-up, not measured. */
const WARM_UP_S = 2;

const floor = (name) => path.join(import.meta.dirname, 'floors', name);
const json = (body) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

/**
 * Runs `a` and `b` one after the other, `a` first in even rounds and `b` first in odd ones (ABBA), so
 * neither side of a comparison always runs right after the same neighbour. Answers [a's, b's].
 */
async function inTurns(round, a, b) {
  if (round % 2 === 0) {
    const first = await a();
    return [first, await b()];
  }
  const first = await b();
  return [await a(), first];
}

async function login(gatewayUrl, i) {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: emailOf(i), password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of bench user ${i} failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A second gateway process from the same build, with different settings (B2's baseline). */
async function startGateway(ctx, overrides) {
  const port = await ctx.freePort();
  const env = { ...ctx.platform.envOf('gateway'), PORT: String(port), METRICS_PORT: '0', ...overrides };
  const entry = path.join(ctx.root, 'dist/apps/gateway/apps/gateway/src/main.js');
  // Node's options as the platform's own gateway has them (source maps or not), so only the overrides differ.
  const proc = spawn(process.execPath, [...nodeArgsFor(env), entry], { env, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { proc, url: `http://127.0.0.1:${port}` };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('second gateway did not start');
}

/** One report row from paired rounds of (floor, scenario) measurements. */
function row({ id, title, floorName, target, pairs, ratioOf, metOf, notes }) {
  const ratios = pairs.map(([f, s]) => ratioOf(f, s));
  const med = (runs, key) => spread(runs.map((r) => r[key])).median;
  const summary = (runs) => ({
    throughput: med(runs, 'throughput'),
    p50: med(runs, 'p50'),
    p99: med(runs, 'p99'),
    cpuMsPerOp: med(runs, 'cpuMsPerOp'),
  });
  const floorRun = summary(pairs.map(([f]) => f));
  const scenario = summary(pairs.map(([, s]) => s));
  const ratio = spread(ratios);
  const wrong = pairs
    .flat()
    .filter((m) => m.errors || Object.keys(m.wrong ?? {}).length)
    .map((m) => `errors ${m.errors}, unexpected statuses ${JSON.stringify(m.wrong)}`);
  return { id, title, floor: floorName, target, scenario, floorRun, ratio, met: metOf ? metOf(ratio, scenario, floorRun) : null, wrong, notes, rounds: pairs };
}

const b1 = {
  id: 'B1',
  title: 'authenticated GET of one company member',
  async run(ctx) {
    const { params, platform, appPids, infraPids } = ctx;
    const gw = platform.gatewayUrl;
    const { accessToken } = await login(gw, 1); // owner of company 1
    const member = userId(1 + params.companies); // company 1's second member
    let route = `/api/v1/companies/${companyId(1)}/members/${member}`;
    let notes;
    if ((await fetch(gw + route, { headers: { authorization: `Bearer ${accessToken}` } })).status !== 200) {
      route = `/api/v1/companies/${companyId(1)}`;
      notes = 'the member route is not available; measured GET of the company instead';
    }
    const jwks = await (await fetch(`${gw}/.well-known/jwks.json`)).json();
    const gwEnv = platform.envOf('gateway');
    const floorPort = await ctx.freePort();
    const helloPort = await ctx.freePort();
    const common = { NATS_URL: ctx.natsUrl, FLOOR_PREFIX: ctx.floorPrefix };
    const responder = await ctx.start(floor('member-get.mjs'), { ...common, ROLE: 'responder', DIRECTORY_DATABASE_URL: ctx.db('directory') });
    const floorGw = await ctx.start(floor('member-get.mjs'), {
      ...common,
      ROLE: 'gateway',
      PORT: String(floorPort),
      JWT_JWKS: JSON.stringify(jwks),
      JWT_ISSUER: gwEnv.JWT_ISSUER ?? 'http://localhost:3000',
      JWT_AUDIENCE: gwEnv.JWT_AUDIENCE ?? 'roster-api',
    });
    const hello = await ctx.start(floor('hello.mjs'), { PORT: String(helloPort) });
    const off = await startGateway(ctx, {
      INSECURE_BENCH_ACTOR_ID: userId(1),
      ROSTER_BENCH: '1',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    });
    const headers = { authorization: `Bearer ${accessToken}` };
    const get = (url, pids, p = route, duration = params.duration) =>
      measure({ url, connections: 16, duration, requests: [{ method: 'GET', path: p, headers }], processes: { ...pids, infra: infraPids } });
    const floorPath = `/companies/${companyId(1)}/members/${member}`;
    const b1Pairs = [], helloPairs = [], b2Pairs = [];
    // Unrecorded warm-up: without it round 1 met JIT-cold paths (the route, passport, the directory handler).
    await get(`http://127.0.0.1:${floorPort}`, {}, floorPath, WARM_UP_S);
    await get(gw, {}, route, WARM_UP_S);
    await get(off.url, {}, route, WARM_UP_S);
    for (let r = 0; r < params.rounds; r++) {
      const h = await get(`http://127.0.0.1:${helloPort}`, { hello: [hello.pid] }, '/');
      const f = await get(`http://127.0.0.1:${floorPort}`, { floorGateway: [floorGw.pid], responder: [responder.pid] }, floorPath);
      // B2's two sides take turns going first, so "on" does not always run right after the floor (with that
      // fixed order its p99 came out higher in every round).
      const [s, o] = await inTurns(
        r,
        () => get(gw, { gateway: appPids.gateway, directory: appPids.directory }),
        () => get(off.url, { gateway: [off.proc.pid], directory: appPids.directory }),
      );
      b1Pairs.push([f, s]);
      helloPairs.push([h, s]);
      b2Pairs.push([o, s]);
    }
    off.proc.kill('SIGTERM');
    for (const child of [responder, floorGw, hello]) child.kill('SIGTERM');
    const tp = (f, s) => s.throughput / f.throughput;
    return [
      row({ id: 'B1', title: this.title, floorName: 'Fastify + jose + nats + bare responder + pg', target: 'throughput ≥ 0.60; p99 ≤ 1.5×', pairs: b1Pairs, ratioOf: tp,
        metOf: (ratio, s, f) => ratio.median >= 0.6 && s.p99 <= 1.5 * Math.max(f.p99, 1), notes }),
      row({ id: 'B1a', title: 'same, against the machine ceiling', floorName: 'bare Fastify hello world', target: 'reported only', pairs: helloPairs, ratioOf: tp }),
      row({ id: 'B2', title: 'B1 with authentication and rate limiting on', floorName: 'same gateway with both off', target: '≥ 0.85; p99 + ≤ 1 ms', pairs: b2Pairs, ratioOf: tp,
        metOf: (ratio, s, f) => ratio.median >= 0.85 && s.p99 - f.p99 <= 1 }),
    ];
  },
};

const b3 = {
  id: 'B3',
  title: 'POST /auth/login end to end (argon2id 19 MiB, t=2, p=1)',
  async run(ctx) {
    const { params, platform, appPids, infraPids } = ctx;
    const port = await ctx.freePort();
    const argon = await ctx.start(floor('argon2-verify.mjs'), { PORT: String(port) });
    let next = 1000;
    const tokens = [];
    const loginReq = (emailFor, password) => ({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const n = next++;
        // A client address per login (10.x.y.z, cycling over 2^24), through the trusted loopback proxy.
        const from = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        const body = JSON.stringify({ email: emailFor(n % params.users + 1), password });
        return { ...req, headers: { ...req.headers, 'x-forwarded-for': from }, body };
      },
      onResponse: (status, body) => {
        if (status === 200 && tokens.length < 200 && next % 7 === 0) tokens.push(JSON.parse(body).accessToken);
      },
    });
    const run = (url, request, pids, expectStatus, connections = 8, duration = params.duration) =>
      measure({ url, connections, duration, requests: [request], processes: { ...pids, infra: infraPids }, expectStatus });
    const services = { gateway: appPids.gateway, auth: appPids.auth };
    const pairs = [], enumeration = [];
    // Unrecorded warm-up of both sides (as B1's): round 1 otherwise met a JIT-cold login path.
    await run(`http://127.0.0.1:${port}`, { method: 'POST', path: '/', ...json({ password: 'bench password 1' }) }, {}, undefined, 8, WARM_UP_S);
    await run(platform.gatewayUrl, loginReq(emailOf, BENCH_PASSWORD), {}, undefined, 8, WARM_UP_S);
    tokens.length = 0;
    for (let r = 0; r < params.rounds; r++) {
      const f = await run(`http://127.0.0.1:${port}`, { method: 'POST', path: '/', ...json({ password: 'bench password 1' }) }, { argon2: [argon.pid] });
      const s = await run(platform.gatewayUrl, loginReq(emailOf, BENCH_PASSWORD), services);
      pairs.push([f, s]);
      // B3a's two sides take turns going first, so neither always runs right after B3's heavier load.
      const failed = (emailFor) => () => run(platform.gatewayUrl, loginReq(emailFor, 'not the password'), services, (st) => st === 401, 4);
      enumeration.push(await inTurns(r, failed(emailOf), failed((i) => `nobody-${i}@bench.roster.test`)));
    }
    argon.kill('SIGTERM');
    // Every sampled token must verify against the published keys.
    const keys = createLocalJWKSet(await (await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`)).json());
    let bad = 0;
    for (const token of tokens) await jwtVerify(token, keys).catch(() => bad++);
    const login = row({ id: 'B3', title: this.title, floorName: 'bare @node-rs/argon2 verify, one thread per core', target: '≥ 0.80; ≤ 20 ms CPU per login', pairs, ratioOf: (f, s) => s.throughput / f.throughput,
      metOf: (ratio, s) => ratio.median >= 0.8 && s.cpuMsPerOp <= 20, notes: `${tokens.length} sampled access tokens verified against the JWKS` });
    if (bad || tokens.length === 0) login.wrong.push(`${bad} of ${tokens.length} sampled tokens did not verify`);
    return [
      login,
      row({ id: 'B3a', title: 'failed login: unknown e-mail vs wrong password', floorName: 'wrong password (existing user)', target: 'p50 ratio in 0.9–1.1', pairs: enumeration, ratioOf: (f, s) => s.p50 / f.p50,
        metOf: (ratio) => ratio.median >= 0.9 && ratio.median <= 1.1 }),
    ];
  },
};

const b4 = {
  id: 'B4',
  title: 'POST /auth/refresh with rotation',
  async run(ctx) {
    const { params, platform, appPids, infraPids } = ctx;
    const connections = 16;
    const port = await ctx.freePort();
    const floorProc = await ctx.start(floor('refresh-rotate.mjs'), { PORT: String(port), FLOOR_DATABASE_URL: ctx.floorDb });
    // Each worker follows its own session: the refresh token it gets back is the one it sends next.
    const chains = (url, initial, pids, duration = params.duration) =>
      measureChains({
        url,
        initial,
        duration,
        processes: { ...pids, infra: infraPids },
        request: (refreshToken) => ({ body: JSON.stringify({ refreshToken }) }),
        next: (status, body) => (status === 200 ? JSON.parse(body).refreshToken : null),
      });
    const sessions = [];
    for (let i = 0; i < connections; i++) sessions.push((await login(platform.gatewayUrl, 2000 + i)).refreshToken);
    // The floor's chains start afresh for every run: one new session per worker.
    const floorTokens = [];
    const seedFloor = async () => {
      for (let i = 0; i < connections; i++)
        floorTokens.push((await (await fetch(`http://127.0.0.1:${port}/seed`)).json()).refreshToken);
    };
    await seedFloor();
    let scenarioTokens = sessions;
    const pairs = [];
    // Unrecorded warm-up of both sides (as B1's, B3's and B6's): without it round 1 met a JIT-cold refresh
    // path, at 1.6–2× the CPU per refresh of round 3 in the gateway and in auth (quick runs).
    await chains(`http://127.0.0.1:${port}/`, floorTokens.splice(0), {}, WARM_UP_S);
    await seedFloor();
    scenarioTokens = (await chains(`${platform.gatewayUrl}/api/v1/auth/refresh`, scenarioTokens, {}, WARM_UP_S)).last ?? scenarioTokens;
    for (let r = 0; r < params.rounds; r++) {
      const f = await chains(`http://127.0.0.1:${port}/`, floorTokens.splice(0), { floor: [floorProc.pid] });
      const s = await chains(`${platform.gatewayUrl}/api/v1/auth/refresh`, scenarioTokens, { gateway: appPids.gateway, auth: appPids.auth });
      // The chains go on from where each worker stopped (a worker's last token is still unused).
      scenarioTokens = s.last ?? scenarioTokens;
      await seedFloor();
      pairs.push([f, s]);
    }
    floorProc.kill('SIGTERM');
    return [
      row({ id: 'B4', title: this.title, floorName: 'pg update + insert in one transaction + jose sign', target: '≥ 0.60; ≤ 2 ms CPU per refresh', pairs, ratioOf: (f, s) => s.throughput / f.throughput,
        metOf: (ratio, s) => ratio.median >= 0.6 && s.cpuMsPerOp <= 2 }),
    ];
  },
};

const b6 = {
  id: 'B6',
  title: 'event fan-out: add a member, until billing has committed the seat',
  async run(ctx) {
    const { params, platform, appPids, infraPids } = ctx;
    const gw = platform.gatewayUrl;
    const billing = new pg.Pool({ connectionString: ctx.db('billing'), max: 2 });
    const directory = new pg.Pool({ connectionString: ctx.db('directory'), max: 2 });
    const n = params.fanoutEvents;
    let nextUser = 10_000;
    const pairs = [], floods = [];
    const runFloor = async (rate, r) => {
      const before = snapshot({ infra: infraPids });
      const floorBefore = reapedChildrenCpuMs();
      const child = spawn(process.execPath, [floor('fanout.mjs')], {
        env: { ...process.env, NATS_URL: ctx.natsUrl, FLOOR_PREFIX: `${ctx.floorPrefix}f${rate}_${r}_`, FLOOR_DATABASE_URL: ctx.floorDb, EVENTS: String(n), RATE: String(rate) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      const [code] = await once(child, 'exit');
      if (code !== 0) throw new Error('fan-out floor failed');
      const { latencies, seconds } = JSON.parse(out);
      // Postgres and NATS, and the floor process itself (exited, so counted as our reaped child). The floor's
      // own Postgres connections close before it exits and are not counted.
      const cpu = Object.values(delta(before, snapshot({ infra: infraPids }))).reduce((a, b) => a + b, 0) + reapedChildrenCpuMs() - floorBefore;
      return { throughput: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerOp: cpu / n, errors: 0, wrong: latencies.length < n ? { missingEvents: n - latencies.length } : {} };
    };
    /**
     * Adds n members at `rate`/s (0: 16 at a time, as fast as possible), round-robin over 16 fresh companies:
     * the platform-wide event rate, not one company's lock taken 200 times a second.
     */
    const runScenario = async (rate, r) => {
      const label = r < 0 ? 'warm-up' : `round ${r + 1}`;
      const owner = await login(gw, 3000 + r * 2 + (rate ? 0 : 1));
      const companies = [];
      for (let c = 0; c < 16; c++) {
        const created = await fetch(`${gw}/api/v1/companies`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
          body: JSON.stringify({ name: `Fan-out ${rate} ${r} ${c}` }),
        });
        if (created.status !== 201) throw new Error(`company create failed: ${created.status}`);
        companies.push((await created.json()).id);
      }
      const sentAt = new Map();
      const wrong = {};
      const cpuBefore = snapshot({ gateway: appPids.gateway, directory: appPids.directory, billing: appPids.billing, postgres: postgresPids, nats: natsPids, auth: appPids.auth, integrations: appPids.integrations });
      const add = async () => {
        const i = nextUser++;
        const company = companies[i % companies.length];
        sentAt.set(userId(i), Date.now());
        try {
          const res = await fetch(`${gw}/api/v1/companies/${company}/members`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}` },
            body: JSON.stringify({ email: emailOf(i), role: 'member' }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) wrong[res.status] = (wrong[res.status] ?? 0) + 1;
        } catch (error) {
          // A failed connection is a wrong answer like any other, not the end of the run.
          const key = `network ${error.cause?.code ?? error.message}`;
          wrong[key] = (wrong[key] ?? 0) + 1;
          sentAt.delete(userId(i));
        }
      };
      const started = Date.now();
      await paced(n, rate, add);
      // Wait for billing to record every seat (or give up after 30 s: a missing event fails the run).
      let rows = [];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        ({ rows } = await billing.query(
          `SELECT user_id, extract(epoch from recorded_at) * 1000 AS at FROM seat_changes WHERE company_id = ANY($1) AND delta = 1 AND user_id = ANY($2)`,
          [companies, [...sentAt.keys()]],
        ));
        if (rows.length >= n) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      const byProcess = delta(cpuBefore, snapshot({ gateway: appPids.gateway, directory: appPids.directory, billing: appPids.billing, postgres: postgresPids, nats: natsPids, auth: appPids.auth, integrations: appPids.integrations }));
      // The chain to billing's seat (as before); auth's and integrations' consumers are reported beside it.
      const cpu = byProcess.gateway + byProcess.directory + byProcess.billing + byProcess.postgres + byProcess.nats;
      const cpuMsByProcess = Object.fromEntries(Object.entries(byProcess).map(([k, v]) => [k, +(v / n).toFixed(2)]));
      const latencies = rows.map((row) => Number(row.at) - sentAt.get(row.user_id));
      const last = Math.max(...rows.map((row) => Number(row.at)));
      ctx.log(`B6 ${rate ? `${rate}/s` : 'unpaced'} ${label}: CPU-ms per addition ${JSON.stringify(cpuMsByProcess)}`);
      ctx.log(`B6 ${rate ? `${rate}/s` : 'unpaced'} ${label}: where the time goes, p50/p99 ms ${JSON.stringify(await segments(companies, sentAt, rows))}`);
      if (rows.length < n) wrong.missingSeats = n - rows.length;
      if (rows.length > n) wrong.duplicateSeats = rows.length - n;
      return { throughput: rows.length / ((last - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerOp: cpu / n, cpuMsByProcess, errors: 0, wrong };
    };
    /**
     * The latency in three segments, from directory's outbox row of each member.added: request sent →
     * directory's transaction began (gateway, NATS, directory's queue); → the relay took the row (the
     * transaction, its commit, the relay's wake-up); → billing's transaction began (publish, JetStream,
     * billing's consumer and its queue). Diagnostics for the log, not part of the table.
     */
    const segments = async (companies, sentAt, seats) => {
      const { rows } = await directory.query(
        `SELECT envelope->'data'->>'userId' AS user_id, extract(epoch from created_at) * 1000 AS began,
                extract(epoch from sent_at) * 1000 AS taken
           FROM outbox WHERE subject LIKE '%directory.events.member.added' AND envelope->'data'->>'companyId' = ANY($1)`,
        [companies],
      );
      const seatAt = new Map(seats.map((row) => [row.user_id, Number(row.at)]));
      const parts = { toDirectory: [], toRelay: [], toBilling: [] };
      for (const row of rows) {
        const sent = sentAt.get(row.user_id);
        const seat = seatAt.get(row.user_id);
        if (sent === undefined || seat === undefined || row.taken === null) continue;
        parts.toDirectory.push(Number(row.began) - sent);
        parts.toRelay.push(Number(row.taken) - Number(row.began));
        parts.toBilling.push(seat - Number(row.taken));
      }
      return Object.fromEntries(
        Object.entries(parts).map(([k, v]) => [k, `${percentile(v, 50).toFixed(1)}/${percentile(v, 99).toFixed(1)}`]),
      );
    };
    // Unrecorded warm-up, as B1's and B3's: without it round 1 met JIT-cold paths in every service of the
    // chain (the member route, directory's transaction, the relay, three consumers) and its p99 was 20–30×
    // the later rounds'. A 2 s paced warm-up was not enough; one unpaced round is.
    const warm = await runScenario(0, -1);
    if (Object.keys(warm.wrong).length) throw new Error(`B6 warm-up: wrong answers ${JSON.stringify(warm.wrong)}`);
    for (let r = 0; r < params.rounds; r++) {
      pairs.push([await runFloor(200, r), await runScenario(200, r)]);
      floods.push([await runFloor(0, r), await runScenario(0, r)]);
    }
    await billing.end();
    await directory.end();
    return [
      row({ id: 'B6', title: `${this.title} (200 events/s)`, floorName: 'JetStream publish → pull consume → pg insert → ack', target: 'p99 ≤ 2× the floor and ≤ 25 ms', pairs, ratioOf: (f, s) => s.p99 / f.p99,
        metOf: (ratio, s) => ratio.median <= 2 && s.p99 <= 25, notes: 'ratio is p99 against the floor; latency is request sent → billing row recorded (recorded_at, the transaction time)' }),
      row({ id: 'B6t', title: 'event fan-out throughput (as fast as possible)', floorName: 'same floor, unpaced', target: 'throughput ≥ 0.5', pairs: floods, ratioOf: (f, s) => s.throughput / f.throughput,
        metOf: (ratio) => ratio.median >= 0.5 }),
    ];
  },
};

const b7 = {
  id: 'B7',
  title: 'outbox relay draining a backlog of 10,000 events',
  async run(ctx) {
    const { params, appPids, infraPids } = ctx;
    const n = params.backlog;
    const nc = await connect({ servers: ctx.natsUrl });
    const jsm = await nc.jetstreamManager();
    const stream = `${ctx.platform.envOf('directory').NATS_PREFIX}_DIRECTORY_EVENTS`;
    const directory = new pg.Pool({ connectionString: ctx.db('directory'), max: 2 });
    const pairs = [];
    for (let r = 0; r < params.rounds; r++) {
      // Floor: the same number of events, published in batches of the relay's size.
      const fBefore = snapshot({ infra: infraPids });
      const child = spawn(process.execPath, [floor('publish-batch.mjs')], {
        env: { ...process.env, NATS_URL: ctx.natsUrl, FLOOR_PREFIX: `${ctx.floorPrefix}${r}_`, EVENTS: String(n), BATCH: '200' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      const [code] = await once(child, 'exit');
      if (code !== 0) throw new Error('publish floor failed');
      const { seconds: fSeconds } = JSON.parse(out);
      const fCpu = Object.values(delta(fBefore, snapshot({ infra: infraPids }))).reduce((a, b) => a + b, 0);
      const f = { throughput: n / fSeconds, p50: null, p99: null, cpuMsPerOp: null, infraCpuMsPerOp: fCpu / n, errors: 0, wrong: {} };

      // Scenario: a committed backlog in directory's outbox, drained by its relay.
      const before = (await jsm.streams.info(stream)).state.messages;
      const { rows: [{ seq: lastSeq }] } = await directory.query('SELECT coalesce(max(seq), 0) AS seq FROM outbox');
      const cpuBefore = snapshot({ directory: appPids.directory, infra: infraPids });
      await directory.query(
        `INSERT INTO outbox (id, subject, envelope)
         SELECT id, 'directory.events.bench.backlogged',
                jsonb_build_object('eventId', id, 'type', 'directory.events.bench.backlogged', 'version', 1,
                  'occurredAt', now(), 'tenantId', null, 'actor', jsonb_build_object('type', 'service', 'id', null),
                  'correlationId', null, 'causationId', null, 'data', jsonb_build_object('n', i))
           FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, $1::int) AS i) AS rows`,
        [n],
      );
      const committedAt = Date.now();
      for (;;) {
        const { rows } = await directory.query('SELECT count(*)::int AS left FROM outbox WHERE sent_at IS NULL');
        if (rows[0].left === 0) break;
        await new Promise((res) => setTimeout(res, 10));
      }
      const drainedAt = Date.now();
      // The drain is timed from the relay's first take of the backlog (its rows' sent_at is that transaction's
      // start), as the floor is timed from its first publish. Before that the relay had not heard of the rows:
      // another writer committed them, so only its idle poll (every 0.5 s) finds them. That wait is logged.
      const { rows: [{ first }] } = await directory.query(
        'SELECT extract(epoch FROM min(sent_at)) * 1000 AS first FROM outbox WHERE seq > $1', [lastSeq]);
      const seconds = (drainedAt - Number(first)) / 1000;
      ctx.log(`B7 round ${r + 1}: found by the relay ${Math.round(Number(first) - committedAt)} ms after the commit; drained in ${seconds.toFixed(2)} s`);
      const cpu = Object.values(delta(cpuBefore, snapshot({ directory: appPids.directory, infra: infraPids }))).reduce((a, b) => a + b, 0);
      const published = (await jsm.streams.info(stream)).state.messages - before;
      const s = { throughput: n / seconds, p50: null, p99: null, cpuMsPerOp: cpu / n, errors: 0, wrong: published < n ? { missingEvents: n - published } : {} };
      pairs.push([f, s]);
    }
    await directory.end();
    await nc.close();
    return [
      row({ id: 'B7', title: this.title, floorName: 'bare JetStream async publish in batches of 200', target: '≥ 0.5', pairs, ratioOf: (f, s) => s.throughput / f.throughput,
        metOf: (ratio) => ratio.median >= 0.5, notes: 'ops/s are events/s; latency columns do not apply' }),
    ];
  },
};

export const scenarios = [b1, b3, b4, b6, b7];
