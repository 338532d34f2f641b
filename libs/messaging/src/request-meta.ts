import { headers as natsHeaders, MsgHdrs } from 'nats';
import {
  ActorRef,
  HEADER_ACTOR,
  HEADER_CLIENT_IP,
  HEADER_IDEMPOTENCY_KEY,
  HEADER_REQUEST_ID,
  HEADER_USER_AGENT,
} from '@roster/contracts';

/** What travels beside every request/reply payload, in NATS headers. */
export interface RequestMeta {
  requestId: string;
  actor: ActorRef;
  ip?: string;
  userAgent?: string;
  /** The client's `Idempotency-Key` of a mutating request (see IdempotencyKeys). */
  idempotencyKey?: string;
}

export const ANONYMOUS: ActorRef = { type: 'anonymous', id: null };

export function metaToHeaders(meta: RequestMeta): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADER_REQUEST_ID, meta.requestId);
  h.set(HEADER_ACTOR, JSON.stringify(meta.actor));
  if (meta.ip) h.set(HEADER_CLIENT_IP, meta.ip);
  if (meta.userAgent) h.set(HEADER_USER_AGENT, meta.userAgent);
  if (meta.idempotencyKey) h.set(HEADER_IDEMPOTENCY_KEY, meta.idempotencyKey);
  return h;
}

const ACTOR_TYPES: ReadonlyArray<ActorRef['type']> = ['user', 'service', 'client'];

export function parseActor(raw: string | undefined): ActorRef {
  if (!raw) return ANONYMOUS;
  try {
    const value = JSON.parse(raw) as Partial<ActorRef>;
    if (value.type && ACTOR_TYPES.includes(value.type)) {
      return {
        type: value.type,
        id: typeof value.id === 'string' ? value.id : null,
        ...(typeof value.sessionId === 'string' ? { sessionId: value.sessionId } : {}),
        ...(Array.isArray(value.scopes) ? { scopes: value.scopes.filter((s) => typeof s === 'string') } : {}),
        ...(typeof value.companyId === 'string' ? { companyId: value.companyId } : {}),
        ...(typeof value.impersonatorId === 'string' ? { impersonatorId: value.impersonatorId } : {}),
      };
    }
  } catch {
    // A malformed header is treated as no actor at all.
  }
  return ANONYMOUS;
}

export function metaFromHeaders(h: MsgHdrs | undefined): RequestMeta {
  return {
    requestId: h?.get(HEADER_REQUEST_ID) || 'unknown',
    actor: parseActor(h?.get(HEADER_ACTOR)),
    ip: h?.get(HEADER_CLIENT_IP) || undefined,
    userAgent: h?.get(HEADER_USER_AGENT) || undefined,
    ...(h?.get(HEADER_IDEMPOTENCY_KEY) ? { idempotencyKey: h.get(HEADER_IDEMPOTENCY_KEY) } : {}),
  };
}
