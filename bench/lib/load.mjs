// One measured run: autocannon at fixed concurrency, with the CPU time of the chain's processes.
import autocannon from 'autocannon';
import { delta, snapshot } from './cpu.mjs';

/**
 * @param {object} o
 * @param {string} o.url
 * @param {number} o.connections
 * @param {number} o.duration seconds
 * @param {object[]} o.requests autocannon request definitions
 * @param {Record<string, number[] | (() => number[])>} o.processes labelled pids whose CPU is counted
 * @param {(status: number) => boolean} [o.expectStatus] which statuses are correct answers (default 2xx)
 */
export async function measure(o) {
  const wrong = new Map();
  const requests = o.requests.map((r) => ({
    ...r,
    onResponse: (status, body, context, headers) => {
      if (!(o.expectStatus ?? ((s) => s >= 200 && s < 300))(status)) wrong.set(status, (wrong.get(status) ?? 0) + 1);
      r.onResponse?.(status, body, context, headers);
    },
  }));
  const before = snapshot(o.processes);
  const result = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.duration,
    requests,
    timeout: 10,
  });
  const cpu = delta(before, snapshot(o.processes));
  const operations = result.requests.total;
  const cpuMs = Object.values(cpu).reduce((a, b) => a + b, 0);
  return {
    operations,
    throughput: operations / o.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerOp: operations ? cpuMs / operations : null,
    cpuMsByProcess: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, operations ? v / operations : null])),
    errors: result.errors + result.timeouts,
    wrong: Object.fromEntries(wrong),
  };
}

/** Median, min and max of a list of numbers. */
export function spread(values) {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: null, min: null, max: null };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A closed-loop run where every worker follows its own chain (each answer feeds the next request, as a
 * refresh-token rotation does), which autocannon's per-connection request templates cannot express.
 * @param {object} o
 * @param {string} o.url
 * @param {string[]} o.initial one starting value per worker (the worker count)
 * @param {(value: string) => { body: string }} o.request
 * @param {(status: number, body: string) => string | null} o.next the next value, or null when wrong
 */
export async function measureChains(o) {
  const latencies = [];
  const wrong = {};
  let errors = 0;
  const last = [];
  const before = snapshot(o.processes);
  const end = performance.now() + o.duration * 1000;
  await Promise.all(
    o.initial.map(async (start) => {
      let value = start;
      while (performance.now() < end && value) {
        const t = performance.now();
        try {
          const res = await fetch(o.url, { method: 'POST', headers: { 'content-type': 'application/json' }, ...o.request(value) });
          const text = await res.text();
          latencies.push(performance.now() - t);
          const nextValue = o.next(res.status, text);
          if (!nextValue) wrong[res.status] = (wrong[res.status] ?? 0) + 1;
          value = nextValue;
        } catch {
          errors++;
          value = null;
        }
      }
      if (value) last.push(value);
    }),
  );
  const cpu = delta(before, snapshot(o.processes));
  const operations = latencies.length;
  const cpuMs = Object.values(cpu).reduce((a, b) => a + b, 0);
  return {
    operations,
    throughput: operations / o.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerOp: operations ? cpuMs / operations : null,
    cpuMsByProcess: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, operations ? v / operations : null])),
    errors,
    wrong,
    /** Each surviving worker's unused value, to continue the chains in the next run. */
    last,
  };
}

/**
 * Runs `step` n times: at `rate` per second, each started on schedule whatever the others are doing (an open
 * model, as events arrive), or, with rate 0, `concurrency` at a time as fast as they complete.
 */
export async function paced(n, rate, step, concurrency = 16) {
  if (!rate) {
    let k = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (k++ < n) await step(); }));
    return;
  }
  const started = Date.now();
  const inflight = [];
  for (let k = 0; k < n; k++) {
    const wait = started + (k * 1000) / rate - Date.now();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    inflight.push(step());
  }
  await Promise.all(inflight);
}
