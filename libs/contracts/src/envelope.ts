/**
 * Who acts: a user through a session or an API token; an internal `service` (trusted: another context, or
 * the gateway itself); or a company's OAuth application through the `client_credentials` grant (`client`:
 * `id` is its client id, limited to its scopes and to `companyId`, and never trusted like a service).
 */
export interface ActorRef {
  type: 'user' | 'service' | 'client' | 'anonymous';
  id: string | null;
  sessionId?: string;
  /** Scopes granted to the credential in use (empty means a full user session). */
  scopes?: string[];
  /** For `client`: the company that owns the application; the only company it may reach. */
  companyId?: string;
  /** Under impersonation: the user really acting as `id` (the token's `act.sub`); audited with both. */
  impersonatorId?: string;
}

/** Every event travels in this envelope; consumers de-duplicate on `eventId`. */
export interface EventEnvelope<Data = unknown> {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  /** The company the event concerns, or null for platform-wide events (a user signing up). */
  tenantId: string | null;
  actor: ActorRef;
  correlationId: string | null;
  causationId: string | null;
  /** Client IP and user agent of the request that caused the change, when there was one (audit log). */
  origin?: { ip: string | null; userAgent: string | null };
  data: Data;
}

/** Metadata that travels in NATS headers with every request/reply message. */
export const HEADER_REQUEST_ID = 'x-request-id';
export const HEADER_ACTOR = 'x-actor';
export const HEADER_CLIENT_IP = 'x-client-ip';
export const HEADER_USER_AGENT = 'x-user-agent';
/** The client's `Idempotency-Key` (validated by the gateway), for the services that honour it. */
export const HEADER_IDEMPOTENCY_KEY = 'x-idempotency-key';
