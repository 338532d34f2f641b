import { currentRpcScope } from './rpc-scope';

/**
 * Opt-in fault injection for the fault-tolerance suite (tests/faults). OFF unless the process is started
 * with ROSTER_FAULT_INJECT, a comma-separated list of rules:
 *
 * - `after-commit:<rpc subject>[:n]`  SIGKILL the process right after the n-th (default 1st) database commit
 *   made while handling that request/reply subject: the change is durable, the reply and the outbox
 *   publication never happen (the crash window the outbox and idempotent retries exist for).
 * - `slow-event:<event subject>:<ms>`  every handler of that event takes `ms` longer (a slow consumer).
 * - `hold-ack:<event subject>:<ms>`    after a first delivery commits, withhold its ack for `ms` (so the
 *   broker redelivers it meanwhile).
 *
 * Never set it in production; nothing reads it unless it is set.
 */
export interface FaultRule {
  point: 'after-commit' | 'slow-event' | 'hold-ack';
  target: string;
  value: number;
}

let parsed: FaultRule[] | undefined;

export function faultRules(): FaultRule[] {
  if (parsed) return parsed;
  const raw = process.env.ROSTER_FAULT_INJECT ?? '';
  parsed = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((rule) => {
      const [point, target, value] = rule.split(':');
      if (!['after-commit', 'slow-event', 'hold-ack'].includes(point) || !target)
        throw new Error(`ROSTER_FAULT_INJECT: bad rule "${rule}"`);
      return {
        point: point as FaultRule['point'],
        target,
        value: Number(value ?? (point === 'after-commit' ? 1 : 0)),
      };
    });
  if (parsed.length) console.error(`FAULT INJECTION ENABLED: ${raw}`);
  return parsed;
}

/** The milliseconds a rule adds for this event subject (0 when none). */
export function faultDelayMs(point: 'slow-event' | 'hold-ack', subject: string): number {
  if (!process.env.ROSTER_FAULT_INJECT) return 0;
  return faultRules().find((r) => r.point === point && r.target === subject)?.value ?? 0;
}

const commits = new Map<string, number>();

/** Called after every database commit: kills the process when an `after-commit` rule says so. */
export function afterCommitFault(): void {
  if (!process.env.ROSTER_FAULT_INJECT) return;
  const subject = currentRpcScope()?.subject;
  if (!subject) return;
  const rule = faultRules().find((r) => r.point === 'after-commit' && r.target === subject);
  if (!rule) return;
  const n = (commits.get(subject) ?? 0) + 1;
  commits.set(subject, n);
  if (n >= rule.value) {
    console.error(`FAULT INJECTION: SIGKILL after commit #${n} of ${subject}`);
    process.kill(process.pid, 'SIGKILL');
  }
}
