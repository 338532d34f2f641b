import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  API_TOKEN_PREFIX,
  ApiTokenCreated,
  ApiTokenResponse,
  ApiTokenRevoked,
  AppError,
  CreateApiTokenRequest,
  CreatedApiTokenResponse,
  IntrospectTokenResponse,
  ListQuery,
  Page,
  UpdateApiTokenRequest,
} from '@roster/contracts';
import { OutboxService, RequestMeta } from '@roster/messaging';
import { entityPage } from '@roster/persistence';
import { AccountLogService } from '../account-log/account-log.service';
import { newOpaqueToken, sha256Hex } from '../common/secrets';
import { ApiTokenEntity } from './api-token.entity';

const COLUMNS = {
  name: 't.name',
  active: 't.active',
  createdAt: 't.created_at',
  lastUsedAt: 't.last_used_at',
  expiresAt: 't.expires_at',
} as const;

/** Characters of the secret kept for display (`rst_` + 8): enough to tell tokens apart, useless alone. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;
/** `last_used_at` is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Personal API tokens: the owner manages them; the gateway introspects one when it first sees it and
 * remembers the answer for a while, so every change that stops a token emits `auth.events.api_token.revoked`
 * in its transaction (the gateways drop it on that event).
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly accountLog: AccountLogService,
  ) {}

  async create(
    userId: string,
    request: CreateApiTokenRequest,
    meta: RequestMeta,
  ): Promise<CreatedApiTokenResponse> {
    const expiresAt = request.expiresAt ? new Date(request.expiresAt) : null;
    if (expiresAt && expiresAt <= new Date()) {
      throw new AppError('VALIDATION_FAILED', 'expiresAt: must be in the future', [
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const token = newOpaqueToken(API_TOKEN_PREFIX);
    const id = randomUUID();
    const scopes = [...request.scopes].sort();
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.insert(ApiTokenEntity, {
        id,
        userId,
        name: request.name,
        description: request.description ?? null,
        scopes,
        prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
        tokenHash: sha256Hex(token),
        active: true,
        expiresAt,
      });
      const row = await manager.findOneByOrFail(ApiTokenEntity, { id });
      await this.outbox.add(
        manager,
        ApiTokenCreated,
        {
          tokenId: id,
          userId,
          name: row.name,
          scopes,
          expiresAt: expiresAt?.toISOString() ?? null,
          createdAt: row.createdAt.toISOString(),
        },
        { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
      );
      await this.accountLog.record(
        userId,
        'api_token_created',
        meta,
        { tokenId: id, name: row.name, scopes },
        manager,
      );
      return row;
    });
    return { ...toResponse(saved), token };
  }

  listMine(userId: string, query: ListQuery): Promise<Page<ApiTokenResponse>> {
    for (const term of query.filter) {
      if (term.field === 'active' && term.values.some((v) => v !== 'true' && v !== 'false')) {
        throw new AppError('VALIDATION_FAILED', 'filter: active takes true or false', [
          { field: 'filter', message: 'active takes true or false' },
        ]);
      }
    }
    const qb = this.dataSource
      .getRepository(ApiTokenEntity)
      .createQueryBuilder('t')
      .where('t.user_id = :userId', { userId });
    return entityPage(qb, query, COLUMNS, 't.id', toResponse);
  }

  async get(userId: string, tokenId: string): Promise<ApiTokenResponse> {
    return toResponse(await this.findMine(userId, tokenId));
  }

  async update(userId: string, request: UpdateApiTokenRequest, meta: RequestMeta): Promise<ApiTokenResponse> {
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(ApiTokenEntity, {
        where: { id: request.tokenId, userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) throw new AppError('NOT_FOUND', 'No such API token');
      const changes: Partial<ApiTokenEntity> = {};
      if (request.name !== undefined) changes.name = request.name;
      if (request.description !== undefined) changes.description = request.description;
      if (request.active !== undefined) changes.active = request.active;
      if (Object.keys(changes).length) await manager.update(ApiTokenEntity, { id: token.id }, changes);
      if (token.active && request.active === false) {
        await this.outbox.add(
          manager,
          ApiTokenRevoked,
          { tokenId: token.id, userId, reason: 'deactivated', revokedAt: new Date().toISOString() },
          { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
        );
      }
      await this.accountLog.record(
        userId,
        'api_token_updated',
        meta,
        {
          tokenId: token.id,
          changed: Object.keys(changes),
          ...(request.active !== undefined ? { active: request.active } : {}),
        },
        manager,
      );
      return toResponse(await manager.findOneByOrFail(ApiTokenEntity, { id: token.id }));
    });
  }

  async delete(userId: string, tokenId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ name: string }> = await manager
        .createQueryBuilder()
        .delete()
        .from(ApiTokenEntity)
        .where('id = :tokenId AND user_id = :userId', { tokenId, userId })
        .returning('name')
        .execute()
        .then((r) => r.raw as Array<{ name: string }>);
      if (!rows.length) throw new AppError('NOT_FOUND', 'No such API token');
      await this.outbox.add(
        manager,
        ApiTokenRevoked,
        { tokenId, userId, reason: 'deleted', revokedAt: new Date().toISOString() },
        { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
      );
      await this.accountLog.record(
        userId,
        'api_token_deleted',
        meta,
        { tokenId, name: rows[0].name },
        manager,
      );
    });
    return { deleted: true };
  }

  /**
   * Active means: known, switched on, not expired, and its owner's account active. Anything else is
   * `{ active: false }` with no reason, whatever the caller presented.
   */
  async introspect(token: string): Promise<IntrospectTokenResponse> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return { active: false };
    const rows: Array<{
      id: string;
      user_id: string;
      scopes: ApiTokenEntity['scopes'];
      expires_at: Date | null;
      last_used_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT t.id, t.user_id, t.scopes, t.expires_at, t.last_used_at
           FROM api_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.active AND (t.expires_at IS NULL OR t.expires_at > now())
            AND u.status = 'active'`,
      [sha256Hex(token)],
    );
    const row = rows[0];
    if (!row) return { active: false };
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return {
      active: true,
      tokenId: row.id,
      userId: row.user_id,
      scopes: row.scopes,
      expiresAt: row.expires_at?.toISOString() ?? null,
    };
  }

  private async findMine(userId: string, tokenId: string): Promise<ApiTokenEntity> {
    const token = await this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id: tokenId, userId });
    if (!token) throw new AppError('NOT_FOUND', 'No such API token');
    return token;
  }
}

function toResponse(token: ApiTokenEntity): ApiTokenResponse {
  return {
    id: token.id,
    name: token.name,
    description: token.description,
    scopes: token.scopes,
    prefix: token.prefix,
    active: token.active,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdAt: token.createdAt.toISOString(),
    updatedAt: token.updatedAt.toISOString(),
  };
}
