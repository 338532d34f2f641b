/**
 * One definition per message, imported by both sides. A request/reply contract names its subject and
 * its request class (class-validator rules run on the receiving side); the response is a type.
 * An event contract names its subject, version and data class.
 */
export type Class<T> = new (...args: never[]) => T;

export interface RpcContract<Req, Res> {
  readonly kind: 'rpc';
  readonly subject: string;
  readonly request: Class<Req>;
  /** Phantom field: carries the response type for inference; never set at run time. */
  readonly response?: Res;
}

export interface EventContract<Data> {
  readonly kind: 'event';
  readonly subject: string;
  /** The context that owns the event: its stream is `STREAMS[owner]`. */
  readonly owner: ContextName;
  readonly version: number;
  readonly data: Class<Data>;
}

export type ContextName = 'auth' | 'directory' | 'billing' | 'integrations';

export type RequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
export type ResponseOf<C> = C extends RpcContract<unknown, infer Res> ? Res : never;
export type DataOf<C> = C extends EventContract<infer D> ? D : never;

export function defineRpc<Req, Res>(subject: string, request: Class<Req>): RpcContract<Req, Res> {
  if (!/^[a-z]+(\.[a-z][a-z0-9-]*)+\.v\d+$/.test(subject)) {
    throw new Error(`RPC subject "${subject}" must look like <owner>.<entity>.<verb>.v<N>`);
  }
  return { kind: 'rpc', subject, request };
}

export function defineEvent<Data>(subject: string, version: number, data: Class<Data>): EventContract<Data> {
  const match = /^([a-z]+)\.events\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.exec(subject);
  if (!match)
    throw new Error(`Event subject "${subject}" must look like <owner>.events.<entity>.<past-tense>`);
  return { kind: 'event', subject, owner: match[1] as ContextName, version, data };
}
