import { EntitySubscriberInterface, EventSubscriber } from 'typeorm';

type CommitListener = () => void;

const listeners = new Set<CommitListener>();

/**
 * Tells `listener` of every commit of a write this process makes: a TypeORM transaction's (through
 * `CommitNotifier`) and an autocommitted write statement's run by `preparedQuery` (the hot paths' single-
 * statement writes, which no TypeORM transaction wraps). Returns the function that stops telling it.
 * Writes sent by `query()` outside a transaction are not seen: keep them off the paths that need this.
 */
export function onCommit(listener: CommitListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs the listeners (synchronously: the fault tests' crash point must run before anything else). */
export function notifyCommit(): void {
  for (const listener of listeners) listener();
}

/** The TypeORM side of `onCommit`: registered on every context's DataSource by `postgresOptions`. */
@EventSubscriber()
export class CommitNotifier implements EntitySubscriberInterface {
  afterTransactionCommit(): void {
    notifyCommit();
  }
}
