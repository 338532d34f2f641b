import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { onCommit } from '@roster/persistence';
import { currentRpcScope } from './rpc-scope';

/**
 * Opt-in fault injection for the fault-tolerance suite (tests/faults). OFF unless the process is started
 * with ROSTER_FAULT_INJECT, a comma-separated list of rules:
 *
 * - `after-commit:<rpc subject>[:n]`  SIGKILL the process right after the n-th (default 1st) database commit
 *   made while handling that request/reply subject: the change is durable, the reply and the outbox
 *   publication never happen (the crash window the outbox and idempotent retries exist for).
 * - `slow-event:<event subject>:<ms>[:n]`  the handler of that event takes `ms` longer (a slow consumer): every
 *   event, or with `n` every n-th event this process handles (the 1st, the n+1-th …), so a flood can be slow
 *   in places without taking `ms` × its size to drain.
 * - `hold-ack:<event subject>:<ms>`    after a first delivery commits, withhold its ack for `ms` (so the
 *   broker redelivers it meanwhile).
 *
 * Never set it in production; nothing reads it unless it is set.
 */
export interface FaultRule {
  point: 'after-commit' | 'slow-event' | 'hold-ack';
  target: string;
  value: number;
  /** `slow-event` only: every n-th event is slow (1: all of them). */
  every?: number;
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
      const [point, target, value, every] = rule.split(':');
      if (!['after-commit', 'slow-event', 'hold-ack'].includes(point) || !target)
        throw new Error(`ROSTER_FAULT_INJECT: bad rule "${rule}"`);
      const parsedRule: FaultRule = {
        point: point as FaultRule['point'],
        target,
        value: Number(value ?? (point === 'after-commit' ? 1 : 0)),
      };
      if (point === 'slow-event' && every !== undefined) parsedRule.every = Math.max(1, Number(every));
      return parsedRule;
    });
  if (parsed.length) console.error(`FAULT INJECTION ENABLED: ${raw}`);
  return parsed;
}

/** The rule naming this point and subject, if any (the rules are parsed once; usually there are none). */
function ruleFor(point: FaultRule['point'], subject: string): FaultRule | undefined {
  return faultRules().find((r) => r.point === point && r.target === subject);
}

/** The milliseconds a rule adds for this event subject (0 when none). */
export function faultDelayMs(point: 'slow-event' | 'hold-ack', subject: string): number {
  return ruleFor(point, subject)?.value ?? 0;
}

const slowSeen = new Map<string, number>();

/**
 * The milliseconds a `slow-event` rule adds to the handling of this (fresh) event: its delay for every
 * event, or for every n-th one when the rule says so (0 otherwise, and when no rule names the subject).
 */
export function slowEventMs(subject: string): number {
  const rule = ruleFor('slow-event', subject);
  if (!rule) return 0;
  const seen = (slowSeen.get(subject) ?? 0) + 1;
  slowSeen.set(subject, seen);
  return (seen - 1) % (rule.every ?? 1) === 0 ? rule.value : 0;
}

const commits = new Map<string, number>();

/** Called after every database commit that wrote: kills the process when an `after-commit` rule says so. */
export function afterCommitFault(): void {
  if (!faultRules().length) return;
  const subject = currentRpcScope()?.subject;
  if (!subject) return;
  const rule = ruleFor('after-commit', subject);
  if (!rule) return;
  const n = (commits.get(subject) ?? 0) + 1;
  commits.set(subject, n);
  if (n >= rule.value) {
    console.error(`FAULT INJECTION: SIGKILL after commit #${n} of ${subject}`);
    process.kill(process.pid, 'SIGKILL');
  }
}

/**
 * Puts the `after-commit` crash point behind every commit of a write (persistence's `onCommit`: TypeORM
 * transactions and autocommitted single-statement writes alike), when a rule asks for it.
 */
@Injectable()
export class CommitFaultPoint implements OnModuleInit, OnModuleDestroy {
  private stop?: () => void;

  onModuleInit(): void {
    if (faultRules().some((r) => r.point === 'after-commit')) this.stop = onCommit(afterCommitFault);
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
