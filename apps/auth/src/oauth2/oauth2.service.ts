import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  AuthorizedAppResponse,
  AuthorizeRequest,
  AuthorizeResponse,
  ListQuery,
  OAUTH_SCOPES,
  OAuthTokenRequest,
  OAuthTokenResponse,
  Page,
  TokenPair,
  UserInfoResponse,
} from '@roster/contracts';
import { RequestMeta, requireUser } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { requireSessionUser } from '../common/actor';
import { newOpaqueToken, sha256Hex } from '../common/secrets';
import { TokenIssuer } from '../keys/token-issuer';
import { SessionEntity } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import { OAuthClientEntity } from './oauth-client.entity';
import { grantedClientScopes } from './client-scopes';
import { pkceMatches } from './pkce';
import { withParams } from './redirect-uri';

/** Authorization codes live one minute (RFC 6749 recommends at most ten). */
export const CODE_TTL_SECONDS = 60;
const CODE_PREFIX = 'oac_';

interface CodeRow {
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scopes: string[];
  code_challenge: string;
  nonce: string | null;
  expires_at: Date;
  used_at: Date | null;
  session_id: string | null;
}

const invalidGrant = (why: string) => new AppError('INVALID_GRANT', `The grant is not valid (${why})`);

/**
 * The OAuth 2.0 authorization server: the authorization-code flow with PKCE (S256 only) and exact
 * redirect-URI matching, refresh-token rotation, OpenID Connect ID tokens and userinfo, and the user's
 * authorized applications. A grant is a session of kind `oauth` (client and scopes on it), so refresh
 * rotation, reuse detection and the gateways' deny list work for it as for logins.
 */
@Injectable()
export class OAuth2Service {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly users: UsersService,
    private readonly issuer: TokenIssuer,
    private readonly accountLog: AccountLogService,
  ) {}

  async authorize(request: AuthorizeRequest, meta: RequestMeta): Promise<AuthorizeResponse> {
    const { userId } = requireSessionUser(meta);
    const client = await this.dataSource
      .getRepository(OAuthClientEntity)
      .findOneBy({ clientId: request.clientId, status: 'active' });
    if (!client) {
      throw new AppError('VALIDATION_FAILED', 'clientId: no such active application', [
        { field: 'clientId', message: 'no such active application' },
      ]);
    }
    // Never redirect anywhere but a registered URI, character for character.
    if (!client.redirectUris.includes(request.redirectUri)) {
      throw new AppError('VALIDATION_FAILED', 'redirectUri: is not registered for this application', [
        { field: 'redirectUri', message: 'is not registered for this application' },
      ]);
    }
    const scopes = [...new Set(request.scope.split(' ').filter(Boolean))];
    const unknown = scopes.filter((s) => !(OAUTH_SCOPES as readonly string[]).includes(s));
    if (!scopes.length || unknown.length) {
      const message = scopes.length
        ? `unknown scope(s): ${unknown.join(', ')}`
        : 'must name at least one scope';
      throw new AppError('VALIDATION_FAILED', `scope: ${message}`, [{ field: 'scope', message }]);
    }
    const code = newOpaqueToken(CODE_PREFIX);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, scopes, code_challenge, nonce, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
        [
          sha256Hex(code),
          client.clientId,
          userId,
          request.redirectUri,
          scopes,
          request.codeChallenge,
          request.nonce ?? null,
          CODE_TTL_SECONDS,
        ],
      );
      await manager.query(
        `INSERT INTO oauth_consents (user_id, client_id, scopes) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, client_id) DO UPDATE
           SET scopes = ARRAY(SELECT DISTINCT unnest(oauth_consents.scopes || EXCLUDED.scopes)), updated_at = now()`,
        [userId, client.clientId, scopes],
      );
      await this.accountLog.record(
        userId,
        'app_authorized',
        meta,
        { clientId: client.clientId, title: client.title, scopes },
        manager,
      );
    });
    return {
      code,
      state: request.state ?? null,
      redirectTo: withParams(request.redirectUri, { code, state: request.state }),
      expiresIn: CODE_TTL_SECONDS,
    };
  }

  async token(request: OAuthTokenRequest, meta: RequestMeta): Promise<OAuthTokenResponse> {
    const client = await this.authenticateClient(request.clientId, request.clientSecret);
    if (request.grantType === 'client_credentials') return this.clientCredentials(client, request.scope);
    if (request.grantType === 'refresh_token') {
      if (!request.refreshToken) throw missing('refreshToken');
      const pair = await this.sessions.refresh(request.refreshToken, {
        kind: 'oauth',
        clientId: client.clientId,
      });
      const session = await this.dataSource
        .getRepository(SessionEntity)
        .findOneByOrFail({ id: pair.sessionId });
      return this.tokenResponse(pair, session.scopes ?? []);
    }
    return this.exchangeCode(client, request, meta);
  }

  async userInfo(meta: RequestMeta): Promise<UserInfoResponse> {
    const userId = requireUser(meta);
    const scopes = meta.actor.scopes ?? [];
    // An application's token needs `openid`; the user's own session may always ask.
    if (scopes.length && !scopes.includes('openid')) {
      throw new AppError('FORBIDDEN', 'userinfo needs the openid scope');
    }
    const user = await this.users.requireActive(userId);
    return {
      sub: user.id,
      ...(!scopes.length || scopes.includes('email') ? { email: user.email } : {}),
    };
  }

  async listAuthorizedApps(meta: RequestMeta, query: ListQuery): Promise<Page<AuthorizedAppResponse>> {
    const userId = requireSessionUser(meta).userId;
    const sort = query.sort
      .map((s) => {
        const column = { authorizedAt: 'k.created_at', title: 'c.title' }[s.field];
        return column ? `${column} ${s.direction === 'desc' ? 'DESC' : 'ASC'}` : null;
      })
      .filter(Boolean);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.client_id, c.title, c.description, c.website_url, c.icon_url, k.scopes, k.created_at, k.updated_at
         FROM oauth_consents k JOIN oauth_clients c ON c.client_id = k.client_id
        WHERE k.user_id = $1
        ORDER BY ${[...sort, 'k.created_at DESC', 'c.client_id'].join(', ')}
        LIMIT $2 OFFSET $3`,
      [userId, query.limit, query.skip],
    );
    const [{ n }]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM oauth_consents WHERE user_id = $1`,
      [userId],
    );
    return {
      items: rows.map((r) => ({
        clientId: r.client_id as string,
        title: r.title as string,
        description: r.description as string | null,
        websiteUrl: r.website_url as string | null,
        iconUrl: r.icon_url as string | null,
        scopes: r.scopes as string[],
        authorizedAt: (r.created_at as Date).toISOString(),
        updatedAt: (r.updated_at as Date).toISOString(),
      })),
      total: Number(n),
      limit: query.limit,
      skip: query.skip,
    };
  }

  /** Withdraws the authorization: the client's codes and tokens for this user die at once. */
  async revokeAuthorizedApp(clientId: string, meta: RequestMeta): Promise<{ revoked: true }> {
    const userId = requireSessionUser(meta).userId;
    await this.dataSource.transaction(async (manager) => {
      const removed: unknown[] = await manager.query(
        `DELETE FROM oauth_consents WHERE user_id = $1 AND client_id = $2 RETURNING client_id`,
        [userId, clientId],
      );
      // DELETE … RETURNING comes back as [rows, count] from the pg driver through TypeORM.
      const rows = Array.isArray(removed[0]) ? (removed[0] as unknown[]) : removed;
      if (!rows.length) throw new AppError('NOT_FOUND', 'You have not authorized this application');
      await manager.query(
        `UPDATE oauth_codes SET used_at = now() WHERE user_id = $1 AND client_id = $2 AND used_at IS NULL`,
        [userId, clientId],
      );
      await this.sessions.revokeClientSessions(manager, clientId, userId, 'app_revoked', meta);
      await this.accountLog.record(userId, 'app_revoked', meta, { clientId }, manager);
    });
    return { revoked: true };
  }

  /** Client authentication: unknown client, wrong secret and inactive client all look the same (401). */
  private async authenticateClient(clientId: string, secret: string): Promise<OAuthClientEntity> {
    const client = await this.dataSource.getRepository(OAuthClientEntity).findOneBy({ clientId });
    const valid = await this.hasher.verifyOrDummy(client?.secretHash, secret);
    if (!client || !valid || client.status !== 'active') {
      throw new AppError('UNAUTHENTICATED', 'Client authentication failed');
    }
    return client;
  }

  private async exchangeCode(
    client: OAuthClientEntity,
    request: OAuthTokenRequest,
    meta: RequestMeta,
  ): Promise<OAuthTokenResponse> {
    if (!request.code) throw missing('code');
    if (!request.redirectUri) throw missing('redirectUri');
    if (!request.codeVerifier) throw missing('codeVerifier');
    const codeHash = sha256Hex(request.code);
    const [row]: CodeRow[] = await this.dataSource.query(`SELECT * FROM oauth_codes WHERE code_hash = $1`, [
      codeHash,
    ]);
    if (!row || row.client_id !== client.clientId) throw invalidGrant('unknown code');
    if (row.used_at) {
      // A second use means the code leaked: end what the first use obtained (RFC 6749 §4.1.2).
      if (row.session_id) {
        const sessionId = row.session_id;
        await this.dataSource
          .transaction((manager) => this.sessions.revokeOne(manager, sessionId, 'oauth', 'code_reuse', meta))
          .catch(() => undefined);
      }
      throw invalidGrant('code already used');
    }
    if (row.expires_at <= new Date()) throw invalidGrant('code expired');
    if (row.redirect_uri !== request.redirectUri) throw invalidGrant('redirect_uri does not match');
    if (!pkceMatches(request.codeVerifier, row.code_challenge))
      throw invalidGrant('PKCE verification failed');
    const user = await this.users.findById(row.user_id);
    if (user?.status !== 'active') throw invalidGrant('the user is not active');

    const pair = await this.sessions.open(
      row.user_id,
      meta,
      async (manager, sessionId) => {
        // Spend the code in the session's transaction: of two concurrent exchanges, one wins.
        const spent: unknown[] = await manager.query(
          `UPDATE oauth_codes SET used_at = now(), session_id = $2
            WHERE code_hash = $1 AND used_at IS NULL
              AND EXISTS (SELECT 1 FROM oauth_consents WHERE user_id = $3 AND client_id = $4)
            RETURNING code_hash`,
          [codeHash, sessionId, row.user_id, client.clientId],
        );
        const rows = Array.isArray(spent[0]) ? (spent[0] as unknown[]) : spent;
        if (!rows.length) throw invalidGrant('code already used or authorization withdrawn');
      },
      { kind: 'oauth', clientId: client.clientId, scopes: row.scopes },
    );
    const idToken = row.scopes.includes('openid')
      ? await this.issuer.idToken(row.user_id, client.clientId, {
          ...(row.nonce ? { nonce: row.nonce } : {}),
          ...(row.scopes.includes('email') ? { email: user.email } : {}),
          sid: pair.sessionId,
        })
      : undefined;
    return this.tokenResponse(pair, row.scopes, idToken);
  }

  /**
   * RFC 6749 §4.4: the application acts for itself, within its company and the scopes it is allowed. The
   * token's `sid` is the application's credentials id, which deactivation, deletion and a secret reset
   * replace and revoke; there is no refresh token (the client authenticates again).
   */
  private async clientCredentials(client: OAuthClientEntity, scope?: string): Promise<OAuthTokenResponse> {
    const scopes = grantedClientScopes(client.clientCredentialsScopes, scope);
    const accessToken = await this.issuer.accessToken({
      userId: client.clientId,
      sessionId: client.credentialsId,
      scopes,
      clientId: client.clientId,
      companyId: client.companyId,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.issuer.accessTokenTtl,
      scope: scopes.join(' '),
    };
  }

  private tokenResponse(pair: TokenPair, scopes: string[], idToken?: string): OAuthTokenResponse {
    return {
      access_token: pair.accessToken,
      token_type: 'Bearer',
      expires_in: pair.expiresIn,
      refresh_token: pair.refreshToken,
      scope: scopes.join(' '),
      ...(idToken ? { id_token: idToken } : {}),
    };
  }
}

function missing(field: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: is required for this grant type`, [
    { field, message: 'is required for this grant type' },
  ]);
}
