import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccountLogEntryResponse,
  AccountLogType,
  ListQuery,
  Page,
  USER_AGENT_MAX_LENGTH,
} from '@roster/contracts';
import { RequestMeta } from '@roster/messaging';
import { entityPage, preparedQuery } from '@roster/persistence';
import { AccountLogEntryEntity } from './account-log-entry.entity';

const COLUMNS = { type: 'l.type', createdAt: 'l.created_at' } as const;

/** The account log: written by the use cases (in their transactions), read by the owner. */
@Injectable()
export class AccountLogService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an entry; pass the use case's manager so it commits (or not) with the change. Under
   * impersonation the entry also names who acted (`details.impersonatorId`).
   */
  async record(
    userId: string,
    type: AccountLogType,
    meta: Pick<RequestMeta, 'ip' | 'userAgent'> & { actor?: RequestMeta['actor'] },
    details: Record<string, unknown> = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const impersonatorId = meta.actor?.impersonatorId;
    // Prepared (once per connection): every login, successful or not, writes one.
    await preparedQuery(
      manager,
      'auth.account-log-add',
      `INSERT INTO account_log (id, user_id, type, ip, user_agent, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        randomUUID(),
        userId,
        type,
        meta.ip ?? null,
        meta.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
        JSON.stringify(impersonatorId ? { ...details, impersonatorId } : details),
      ],
    );
  }

  async listMine(userId: string, query: ListQuery): Promise<Page<AccountLogEntryResponse>> {
    const qb = this.dataSource
      .getRepository(AccountLogEntryEntity)
      .createQueryBuilder('l')
      .where('l.user_id = :userId', { userId });
    return entityPage(qb, query, COLUMNS, 'l.id', (row) => ({
      id: row.id,
      type: row.type,
      occurredAt: row.createdAt.toISOString(),
      ip: row.ip,
      userAgent: row.userAgent,
      details: row.details as Record<string, unknown>,
    }));
  }
}
