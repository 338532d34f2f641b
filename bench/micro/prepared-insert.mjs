// A ledger-style insert sent unnamed (parsed and planned each time, as TypeORM does) or as a named prepared
// statement (what preparedQuery does): CPU per statement of the Postgres backend and of this process.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/micro/prepared-insert.mjs
// Postgres must run on this machine: its backend's CPU is read from /proc.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { cpuMsOf } from '../lib/cpu.mjs';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
await client.connect();
await client.query(
  `CREATE TEMP TABLE ledger (consumer text, event_id uuid, at timestamptz DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
);
const { pid } = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0];
const backendCpuMs = () => cpuMsOf(pid);
const text = `INSERT INTO ledger (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`;
// Each mode twice, alternating: the first pass also warms the connection up.
for (const mode of ['unnamed', 'named', 'unnamed', 'named']) {
  const n = 5000;
  const pg0 = backendCpuMs();
  const node0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const values = ['directory--pattern--directory_events_gt', randomUUID()];
    if (mode === 'named') await client.query({ name: 'ledger-insert', text, values });
    else await client.query(text, values);
  }
  const node = process.cpuUsage(node0);
  console.log(
    `${mode.padEnd(7)} Postgres ${((backendCpuMs() - pg0) / n).toFixed(3)} CPU-ms, ` +
      `node ${((node.user + node.system) / 1000 / n).toFixed(3)} CPU-ms per insert`,
  );
}
await client.end();
