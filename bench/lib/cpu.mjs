// CPU time of the processes in a request's chain, read from /proc (user + system, all threads).
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/**
 * CPU-ms of a process so far; with `reaped`, plus that of its children that have exited and been waited for
 * (cutime + cstime): a Postgres server's postmaster then also counts the backends that came and went.
 */
export function cpuMsOf(pid, { reaped = false } = {}) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / TICKS; // utime + stime (+ cutime + cstime)
  } catch {
    return 0; // exited
  }
}

/** CPU-ms of this process's children that have exited and been waited for (a floor run as a child process). */
export const reapedChildrenCpuMs = () => cpuMsOf(process.pid, { reaped: true }) - cpuMsOf(process.pid);

/**
 * The micro-benchmarks' count of the machine's Postgres and NATS, whole (run nothing else meanwhile): every
 * `postgres` and `nats-server` process. `machineInfraUsed(machineInfraCpu())` is the CPU-ms they spent in
 * between: a backend born meanwhile counts from zero, and one that exits is counted by its postmaster (its
 * reaped children), so what it had used before is taken off.
 */
export const machineInfraCpu = () =>
  new Map(
    execFileSync('pgrep', ['-d', ' ', '-f', '^(/usr/lib/postgresql|/usr/sbin/nats-server|postgres:)'])
      .toString()
      .trim()
      .split(' ')
      .map((pid) => [Number(pid), cpuMsOf(Number(pid), { reaped: true })]),
  );

export function machineInfraUsed(before) {
  const after = machineInfraCpu();
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  for (const [pid, ms] of before) if (!after.has(pid)) used -= ms;
  return used;
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

function descendsFromUs(pid) {
  for (let p = pid, hops = 0; p > 1 && hops < 20; p = parentOf(p), hops++) if (p === process.pid) return true;
  return false;
}

/** Backends of this run's databases on a shared Postgres server, refreshed in the background. */
let runBackends = null;

/**
 * On a shared Postgres server (DATABASE_URL), count only the backends serving this run's databases
 * (`<prefix>_*`), not other users' work: polls pg_stat_activity every 200 ms until the returned stop().
 */
export async function trackRunBackends(pool, prefix) {
  const refresh = async () => {
    const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE datname LIKE $1`, [`${prefix}%`]);
    runBackends = new Set([...(runBackends ?? []), ...rows.map((r) => r.pid)]);
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => undefined), 200);
  return () => clearInterval(timer);
}

/**
 * The Postgres and NATS processes of the chain: every one the bench started itself (embedded Postgres,
 * a `nats-server` child), plus, on a shared Postgres server, the backends of this run's databases. A
 * shared NATS server (NATS_URL) is counted whole: its other clients' work cannot be told apart.
 */
export function infraPids() {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const comm = commOf(pid);
      if (!/^(postgres|nats-server)/.test(comm)) return false;
      if (descendsFromUs(pid) || runBackends?.has(pid)) return true;
      return comm.startsWith('nats-server') ? !natsIsOurs : !runBackends;
    });
}

/** infraPids split: the Postgres processes only, and the NATS servers only (B6's per-process report). */
export const postgresPids = () => infraPids().filter((pid) => commOf(pid).startsWith('postgres'));
export const natsPids = () => infraPids().filter((pid) => commOf(pid).startsWith('nats-server'));

/** Whether the bench started its own nats-server (then other NATS servers on the machine are not ours). */
let natsIsOurs = false;
export function noteOwnNats() {
  natsIsOurs = readdirSync('/proc').some((d) => /^\d+$/.test(d) && commOf(Number(d)).startsWith('nats-server') && descendsFromUs(Number(d)));
}

/** Snapshot of CPU ms per labelled group; `pids()` is re-read so new Postgres backends are counted. */
export function snapshot(groups) {
  const out = {};
  for (const [label, pids] of Object.entries(groups)) {
    const list = typeof pids === 'function' ? pids() : pids;
    out[label] = Object.fromEntries(list.map((pid) => [pid, cpuMsOf(pid)]));
  }
  return out;
}

/** CPU ms spent per group between two snapshots (processes born in between count from zero). */
export function delta(before, after) {
  const out = {};
  for (const [label, now] of Object.entries(after)) {
    out[label] = Object.entries(now).reduce((sum, [pid, ms]) => sum + ms - (before[label]?.[pid] ?? 0), 0);
  }
  return out;
}
