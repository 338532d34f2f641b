// CPU time of the processes in a request's chain, read from /proc (user + system, all threads).
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime + stime
  } catch {
    return 0; // exited
  }
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Every Postgres backend and NATS server process on the machine (an idle one costs nothing). */
export function infraPids() {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => /^(postgres|nats-server)/.test(commOf(pid)));
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
