/**
 * Jepsen-style bookkeeping: every request a client makes is recorded with its start, end and outcome
 * (an HTTP status, or the socket error / client timeout when there was no answer), and checkers examine
 * the whole history afterwards.
 */
export interface Op {
  kind: string;
  start: number;
  end: number;
  /** HTTP status, or 'timeout' (no answer within the client's limit) or 'socket' (connection error). */
  outcome: number | 'timeout' | 'socket';
  body?: any;
  error?: string;
  /** The Idempotency-Key the request carried, when the test sends one. */
  key?: string;
}

export const CLIENT_TIMEOUT_MS = 15_000;

export class History {
  readonly ops: Op[] = [];

  async call(
    kind: string,
    url: string,
    init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Op> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const op: Op = { kind, start: Date.now(), end: 0, outcome: 'socket' };
    try {
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      const text = await res.text();
      op.outcome = res.status;
      try {
        op.body = text ? JSON.parse(text) : undefined;
      } catch {
        op.body = text;
      }
    } catch (error) {
      const e = error as Error;
      op.outcome = e.name === 'TimeoutError' ? 'timeout' : 'socket';
      const cause = (e as { cause?: { message?: string; code?: string } }).cause;
      op.error = cause?.code ?? cause?.message ?? e.message;
    }
    op.end = Date.now();
    this.ops.push(op);
    return op;
  }

  between(from: number, to: number): Op[] {
    return this.ops.filter((o) => o.start >= from && o.start <= to);
  }
}

export const ok = (op: Op) => typeof op.outcome === 'number' && op.outcome < 300;

/** Counts per outcome, e.g. { "201": 40, "503": 12 }. */
export function tally(ops: Op[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of ops) out[String(op.outcome)] = (out[String(op.outcome)] ?? 0) + 1;
  return out;
}

export function latency(ops: Op[]): { p50: number; max: number } {
  const d = ops.map((o) => o.end - o.start).sort((a, b) => a - b);
  return { p50: d[Math.floor(d.length / 2)] ?? 0, max: d[d.length - 1] ?? 0 };
}

/** The first successful request that started at or after `t`: the time to recover, in ms. */
export function timeToFirstSuccess(ops: Op[], t: number): number | null {
  const first = ops.filter((o) => o.start >= t && ok(o)).sort((a, b) => a.end - b.end)[0];
  return first ? first.end - t : null;
}

/** Runs `workers` concurrent loops of `step` until `stop()` says so. */
export function load(workers: number, step: (worker: number, i: number) => Promise<unknown>) {
  let stopped = false;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; !stopped; i++) {
      await step(w, i);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line per fact, prefixed so the CI log shows what each fault test observed. */
export function report(test: string, facts: Record<string, unknown>): void {
  const lines = Object.entries(facts).map(
    ([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  process.stdout.write(`\n[${test}] observed\n${lines.join('\n')}\n`);
}
