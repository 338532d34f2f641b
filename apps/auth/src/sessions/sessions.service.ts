import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccountLogType,
  AppError,
  CheckSessionResponse,
  ListQuery,
  Page,
  SessionResponse,
  SessionRevocationReason,
  SessionsRevoked,
  TokenPair,
  TWO_FACTOR_ENROLLMENT_SCOPE,
  USER_AGENT_MAX_LENGTH,
} from '@roster/contracts';
import { EventMeta, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { entityPage, preparedQuery } from '@roster/persistence';
import { AccountLogService } from '../account-log/account-log.service';
import { AuthConfig } from '../config/auth.config';
import { TokenIssuer } from '../keys/token-issuer';
import { hashRefreshToken, newRefreshToken } from './refresh-token';
import { SessionEntity, SessionKind } from './session.entity';

/** What a non-login session is: an OAuth grant (client and scopes) or an impersonation. */
export interface SessionGrant {
  /** `login` with scopes: a restricted login (two-factor enrolment only). */
  kind: SessionKind;
  clientId?: string;
  scopes: string[];
  impersonatorId?: string;
  companyId?: string;
  /** Session (and access token) lifetime, when shorter than a login's. */
  ttlSeconds?: number;
}

/** Which sessions a refresh token may renew: login ones (`/auth/refresh`) or one client's grants. */
export type RefreshExpectation = { kind: 'login' } | { kind: 'oauth'; clientId: string };

interface RefreshRow {
  token_id: string;
  session_id: string;
  user_id: string;
  kind: SessionKind;
  client_id: string | null;
  scopes: string[] | null;
  used_at: Date | null;
  token_expires_at: Date;
  revoked_at: Date | null;
  session_expires_at: Date;
}

/**
 * A session and its first refresh token, as the head of a statement (`WITH ${OPEN_SESSION} …`), from
 * SessionsService.opening's values: $1 session id, $2 user, $3 now, $4 session expiry, $5 ip, $6 user
 * agent, $7 kind, $8 client, $9 scopes, $10 impersonator, $11 company, $12 token id, $13 token hash,
 * $14 token expiry.
 */
const OPEN_SESSION = `opened AS (
    INSERT INTO sessions (id, user_id, last_used_at, expires_at, ip, user_agent, kind, client_id, scopes,
                          impersonator_id, company_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id),
  issued AS (
    INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at) SELECT $12, id, $13, $14 FROM opened)`;

/** Event metadata for revocations auth makes on its own (reuse detection). */
const SYSTEM: EventMeta = { tenantId: null, actor: { type: 'service', id: 'auth' } };

function refreshable(row: RefreshRow, expect: RefreshExpectation): boolean {
  if (expect.kind === 'login') return row.kind === 'login';
  return row.kind === 'oauth' && row.client_id === expect.clientId;
}

/** Ids from `UPDATE … RETURNING id` (TypeORM hands back the raw rows). */
function returnedIds(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map((row: { id: string }) => row.id) : [];
}

const SESSION_COLUMNS = { createdAt: 's.created_at', lastUsedAt: 's.last_used_at' } as const;

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly issuer: TokenIssuer,
    private readonly config: AuthConfig,
    private readonly accountLog: AccountLogService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Opens a session for a user who has proven who they are, with its first refresh token; `alsoDo`
   * runs in the same transaction (the records of the use case that opened it).
   */
  async open(
    userId: string,
    meta: RequestMeta,
    alsoDo?: (manager: EntityManager, sessionId: string) => Promise<void>,
    grant?: SessionGrant,
  ): Promise<TokenPair> {
    const opening = this.opening(userId, meta, grant);
    await this.dataSource.transaction(async (manager) => {
      // Prepared: every session opened runs it. (The token's foreign key is checked at the end of the
      // statement, when the session row exists.)
      await preparedQuery(manager, 'auth.session-open', `WITH ${OPEN_SESSION} SELECT 1`, opening.values);
      await alsoDo?.(manager, opening.sessionId);
    });
    return this.tokenPair(userId, opening.sessionId, opening.refreshToken, grant);
  }

  /**
   * A password login's session: the session, its first refresh token, the successful attempt (which
   * restarts the account's failure count) and the login's account-log entries, in one statement and so
   * one round trip and one commit (every login runs it; `open` with a callback writing the same takes
   * five: BEGIN, three statements, COMMIT). The entries are dated in
   * their order, a microsecond apart at least, so the log lists them as they happened.
   */
  async openForLogin(
    userId: string,
    meta: RequestMeta,
    email: string,
    entries: (sessionId: string) => Array<{ type: AccountLogType; details: Record<string, unknown> }>,
    grant?: SessionGrant,
  ): Promise<TokenPair> {
    const opening = this.opening(userId, meta, grant);
    const logged = entries(opening.sessionId);
    await preparedQuery(
      this.dataSource,
      'auth.login-session-open',
      `WITH ${OPEN_SESSION},
       attempt AS (
         INSERT INTO login_attempts (email, ip, kind, succeeded, created_at) VALUES ($15, $5, 'login', true, $3))
       INSERT INTO account_log (id, user_id, type, ip, user_agent, details, created_at)
       SELECT e.id, $2, e.type, $5, $6, e.details, clock_timestamp() + (e.n - 1) * interval '1 microsecond'
         FROM unnest($16::uuid[], $17::text[], $18::jsonb[]) WITH ORDINALITY AS e(id, type, details, n)`,
      [
        ...opening.values,
        email,
        logged.map(() => randomUUID()),
        logged.map((e) => e.type),
        logged.map((e) => JSON.stringify(e.details)),
      ],
    );
    return this.tokenPair(userId, opening.sessionId, opening.refreshToken, grant);
  }

  /** A new session's id, its first refresh token, and the values of OPEN_SESSION's placeholders. */
  private opening(userId: string, meta: RequestMeta, grant?: SessionGrant) {
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const now = new Date();
    const ttl = grant?.ttlSeconds ?? this.config.REFRESH_TOKEN_TTL_SECONDS;
    const values = [
      sessionId,
      userId,
      now,
      new Date(now.getTime() + ttl * 1000),
      meta.ip ?? null,
      meta.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      grant?.kind ?? 'login',
      grant?.clientId ?? null,
      grant?.scopes ?? null,
      grant?.impersonatorId ?? null,
      grant?.companyId ?? null,
      randomUUID(),
      hashRefreshToken(refreshToken),
      this.refreshExpiry(now),
    ];
    return { sessionId, refreshToken, values };
  }

  /**
   * Rotation: each refresh token works once and is replaced. Presenting a used one means it was copied,
   * so the whole session (the token family) is revoked, for the thief and the owner alike.
   */
  async refresh(token: string, expect: RefreshExpectation = { kind: 'login' }): Promise<TokenPair> {
    const now = new Date();
    const next = newRefreshToken();
    // One statement, so one round trip and its own transaction: lock the presented token and its session;
    // when the session may be renewed with it, mark the token used, touch the session and store the
    // successor. What was found comes back either way, so the rare paths follow from it. A named prepared
    // statement: Postgres parses and plans this CTE once per connection, not on every refresh (bench B4).
    const rows = await preparedQuery<RefreshRow & { rotated: boolean }>(
      this.dataSource,
      'auth.refresh-rotate',
      `WITH cur AS (
         SELECT rt.id AS token_id, rt.session_id, s.user_id, s.kind, s.client_id, s.scopes,
                rt.used_at, rt.expires_at AS token_expires_at,
                s.revoked_at, s.expires_at AS session_expires_at
           FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
          WHERE rt.token_hash = $1
          FOR UPDATE OF rt, s),
       renewable AS (
         SELECT token_id, session_id FROM cur
          WHERE used_at IS NULL AND revoked_at IS NULL AND token_expires_at > $2 AND session_expires_at > $2
            AND kind = $6 AND ($6 = 'login' OR client_id = $7)),
       used AS (UPDATE refresh_tokens SET used_at = $2 WHERE id = (SELECT token_id FROM renewable)),
       touched AS (UPDATE sessions SET last_used_at = $2 WHERE id = (SELECT session_id FROM renewable)),
       successor AS (
         INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at)
         SELECT $3, session_id, $4, $5 FROM renewable RETURNING id)
       SELECT cur.*, EXISTS (SELECT 1 FROM successor) AS rotated FROM cur`,
      [
        hashRefreshToken(token),
        now,
        randomUUID(),
        hashRefreshToken(next),
        this.refreshExpiry(now),
        expect.kind,
        expect.kind === 'oauth' ? expect.clientId : null,
      ],
    );
    const row = rows[0];
    const refused = (reason: string) =>
      new AppError('INVALID_REFRESH_TOKEN', `The refresh token is not valid (${reason})`);
    // Another kind's refresh token (an OAuth grant's at /auth/refresh, another client's) is unknown here.
    if (!row || !refreshable(row, expect)) throw refused('unknown');
    if (!row.rotated) {
      if (row.revoked_at) throw refused('session revoked');
      if (row.used_at) {
        // A used token presented again: stolen, or replayed. The session ends (announced once).
        await this.dataSource.transaction(async (manager) => {
          // An UPDATE through query() answers [rows, count].
          const [revoked] = await manager.query<[Array<{ id: string }>, number]>(
            `UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_token_reuse'
              WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
            [row.session_id, now],
          );
          const ids = revoked.map((r) => r.id);
          await this.announce(manager, row.user_id, ids, 'refresh_token_reuse', SYSTEM);
        });
        throw refused('reused');
      }
      throw refused('expired');
    }
    let grant: SessionGrant | undefined =
      row.kind === 'oauth'
        ? { kind: 'oauth', clientId: row.client_id!, scopes: row.scopes ?? [] }
        : undefined;
    if (row.kind === 'login' && row.scopes?.length) {
      // A restricted login (its company enforces 2FA): full tokens once the user has set 2FA up.
      const [factor]: Array<{ status: string }> = await this.dataSource.query(
        `SELECT status FROM totp_factors WHERE user_id = $1`,
        [row.user_id],
      );
      if (factor?.status === 'enabled') {
        await this.dataSource.manager.update(SessionEntity, { id: row.session_id }, { scopes: null });
      } else {
        grant = { kind: 'login', scopes: row.scopes };
      }
    }
    return this.tokenPair(row.user_id, row.session_id, next, grant);
  }

  /** Ends the caller's session; only its owner can. */
  async logout(sessionId: string, userId: string, meta: RequestMeta): Promise<{ revoked: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: () => 'now()', revokedReason: 'logout' })
        .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL', { sessionId, userId })
        .returning('id')
        .execute();
      const ids = returnedIds(result.raw);
      await this.announce(manager, userId, ids, 'logout', eventMetaOf(meta, null));
      return { revoked: ids.length > 0 };
    });
  }

  /** The caller's session is alive (neither revoked nor expired), else UNAUTHENTICATED. */
  async check(sessionId: string, userId: string): Promise<CheckSessionResponse> {
    const session = await this.dataSource.getRepository(SessionEntity).findOneBy({ id: sessionId, userId });
    if (!session || session.revokedAt || session.expiresAt <= new Date()) {
      throw new AppError('UNAUTHENTICATED', 'The session has ended');
    }
    return { valid: true, userId, sessionId, expiresAt: session.expiresAt.toISOString() };
  }

  listMine(
    userId: string,
    currentSessionId: string | undefined,
    query: ListQuery,
  ): Promise<Page<SessionResponse>> {
    const qb = this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where("s.user_id = :userId AND s.kind = 'login' AND s.revoked_at IS NULL AND s.expires_at > now()", {
        userId,
      });
    return entityPage(qb, query, SESSION_COLUMNS, 's.id', (s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === currentSessionId,
    }));
  }

  /** Revokes one of the user's live sessions; NOT_FOUND for anyone else's, an unknown or an ended one. */
  async revoke(userId: string, sessionId: string, meta: RequestMeta): Promise<{ revoked: true }> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: () => 'now()', revokedReason: 'revoked_by_user' })
        .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL AND expires_at > now()', {
          sessionId,
          userId,
        })
        .returning('id')
        .execute();
      const ids = returnedIds(result.raw);
      if (!ids.length) throw new AppError('NOT_FOUND', 'No such session');
      await this.announce(manager, userId, ids, 'revoked_by_user', eventMetaOf(meta, null));
      await this.accountLog.record(userId, 'session_revoked', meta, { sessionId }, manager);
    });
    return { revoked: true };
  }

  /** Revokes every live session of the user, but `exceptSessionId`; returns how many. */
  async revokeAllOf(
    manager: EntityManager,
    userId: string,
    reason: SessionRevocationReason,
    exceptSessionId?: string,
    meta?: RequestMeta,
  ): Promise<number> {
    const qb = manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL AND expires_at > now()', { userId });
    if (exceptSessionId) qb.andWhere('id <> :exceptSessionId', { exceptSessionId });
    const ids = returnedIds((await qb.returning('id').execute()).raw);
    await this.announce(manager, userId, ids, reason, meta ? eventMetaOf(meta, null) : SYSTEM);
    return ids.length;
  }

  /** Revokes the live sessions of one OAuth client (for one user, or for all); returns how many. */
  async revokeClientSessions(
    manager: EntityManager,
    clientId: string,
    userId: string | null,
    reason: SessionRevocationReason,
    meta: RequestMeta,
  ): Promise<number> {
    const qb = manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where("kind = 'oauth' AND client_id = :clientId AND revoked_at IS NULL AND expires_at > now()", {
        clientId,
      });
    if (userId) qb.andWhere('user_id = :userId', { userId });
    const rows = (await qb.returning('*').execute()).raw as Array<{
      id: string;
      user_id: string;
    }>;
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.id]);
    for (const [owner, ids] of byUser)
      await this.announce(manager, owner, ids, reason, eventMetaOf(meta, null));
    return rows.length;
  }

  /**
   * Ends the live impersonations `userId` takes part in, as the impersonated member or as the impersonator
   * (in one company, or everywhere when `companyId` is null): a member disabled or removed in a company,
   * or an account disabled.
   */
  async revokeImpersonationsBy(
    manager: EntityManager,
    userId: string,
    companyId: string | null,
    reason: SessionRevocationReason,
    meta: EventMeta,
  ): Promise<number> {
    const qb = manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where("kind = 'impersonation' AND revoked_at IS NULL AND expires_at > now()")
      .andWhere('(user_id = :userId OR impersonator_id = :userId)', { userId });
    if (companyId) qb.andWhere('company_id = :companyId', { companyId });
    const rows = (await qb.returning('*').execute()).raw as Array<{
      id: string;
      user_id: string;
    }>;
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.id]);
    for (const [owner, ids] of byUser) await this.announce(manager, owner, ids, reason, meta);
    return rows.length;
  }

  /**
   * Ends an application's own tokens (`client_credentials`): they carry its credentials id as `sid`, so
   * denying that id at the gateways refuses all of them; the caller has already replaced the id.
   */
  async revokeClientCredentials(
    manager: EntityManager,
    clientId: string,
    credentialsId: string,
    reason: SessionRevocationReason,
    meta: EventMeta,
  ): Promise<void> {
    await this.outbox.add(
      manager,
      SessionsRevoked,
      { clientId, sessionIds: [credentialsId], reason, revokedAt: new Date().toISOString() },
      meta,
    );
  }

  /** Ends one session by id (an impersonation); NOT_FOUND unless it is live and of `kind`. */
  async revokeOne(
    manager: EntityManager,
    sessionId: string,
    kind: SessionKind,
    reason: SessionRevocationReason,
    meta: RequestMeta,
  ): Promise<SessionEntity> {
    const rows = (
      await manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ revokedAt: () => 'now()', revokedReason: reason })
        .where('id = :sessionId AND kind = :kind AND revoked_at IS NULL AND expires_at > now()', {
          sessionId,
          kind,
        })
        .returning('*')
        .execute()
    ).raw as Array<{
      id: string;
      user_id: string;
      impersonator_id: string | null;
      company_id: string | null;
    }>;
    const row = rows[0];
    if (!row) throw new AppError('NOT_FOUND', 'No such session');
    await this.announce(manager, row.user_id, [row.id], reason, eventMetaOf(meta, null));
    return manager.getRepository(SessionEntity).findOneByOrFail({ id: row.id });
  }

  /**
   * Tells every gateway (through the outbox, in the revoking transaction) to refuse these sessions'
   * access tokens from now on; see SessionsRevoked.
   */
  private async announce(
    manager: EntityManager,
    userId: string,
    sessionIds: string[],
    reason: SessionRevocationReason,
    meta: EventMeta,
  ): Promise<void> {
    if (!sessionIds.length) return;
    await this.outbox.add(
      manager,
      SessionsRevoked,
      { userId, sessionIds, reason, revokedAt: new Date().toISOString() },
      meta,
    );
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  }

  private async tokenPair(
    userId: string,
    sessionId: string,
    refreshToken: string,
    grant?: SessionGrant,
  ): Promise<TokenPair> {
    return {
      accessToken: await this.issuer.accessToken({
        userId,
        sessionId,
        scopes: grant?.scopes,
        clientId: grant?.clientId,
        actorUserId: grant?.impersonatorId,
        ttlSeconds: grant?.ttlSeconds ? Math.min(grant.ttlSeconds, this.issuer.accessTokenTtl) : undefined,
      }),
      tokenType: 'Bearer',
      expiresIn: grant?.ttlSeconds
        ? Math.min(grant.ttlSeconds, this.issuer.accessTokenTtl)
        : this.issuer.accessTokenTtl,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
      sessionId,
      ...(grant?.kind === 'login' && grant.scopes.includes(TWO_FACTOR_ENROLLMENT_SCOPE)
        ? { restriction: 'two_factor_enrollment' as const }
        : {}),
    };
  }
}
