import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  CheckCompanyAccess,
  IMPERSONATION_MAX_SECONDS,
  IMPERSONATION_SCOPES,
  ImpersonationEnded,
  ImpersonationResponse,
  ImpersonationStarted,
  StartImpersonationRequest,
} from '@roster/contracts';
import { BusClient, eventMetaOf, OutboxService, RequestMeta, requireUser } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { requireSessionUser } from '../common/actor';
import { requireCompanyAdmin } from '../common/company-access';
import { AuthConfig } from '../config/auth.config';
import { SessionsService } from '../sessions/sessions.service';
import { UsersService } from '../users/users.service';

/**
 * A company owner or admin acts as one of its members, for support. The token names both (`sub` the
 * member, `act.sub` the impersonator, RFC 8693), lasts at most an hour, carries the API scopes only (so
 * the gateway and auth refuse credential changes and a further impersonation with it), and every start
 * and end is an event for the audit log; actions under it carry the impersonation's session id.
 */
@Injectable()
export class ImpersonationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly outbox: OutboxService,
    private readonly accountLog: AccountLogService,
    private readonly config: AuthConfig,
  ) {}

  async start(request: StartImpersonationRequest, meta: RequestMeta): Promise<ImpersonationResponse> {
    // Own session only: not with an API token, an application's token or another impersonation.
    const impersonatorId = requireSessionUser(meta).userId;
    const { companyId, userId } = request;
    const caller = await requireCompanyAdmin(this.bus, companyId, impersonatorId, meta);
    if (userId === impersonatorId) throw new AppError('UNPROCESSABLE', 'You cannot impersonate yourself');
    const target = await this.bus
      .request(CheckCompanyAccess, { companyId, userId }, meta)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND')
          throw new AppError('NOT_FOUND', 'No such member in this company');
        throw error;
      });
    if (target.via !== 'member') throw new AppError('NOT_FOUND', 'No such member in this company');
    if (target.role === 'owner' && caller.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner may act as an owner');
    }
    const user = await this.users.findById(userId);
    if (user?.status !== 'active') throw new AppError('NOT_FOUND', 'No such member in this company');

    const ttlSeconds = Math.min(IMPERSONATION_MAX_SECONDS, this.config.ACCESS_TOKEN_TTL_SECONDS);
    const startedAt = new Date();
    const expiresAt = new Date(startedAt.getTime() + ttlSeconds * 1000);
    const pair = await this.sessions.open(
      userId,
      meta,
      async (manager, sessionId) => {
        await this.outbox.add(
          manager,
          ImpersonationStarted,
          {
            sessionId,
            companyId,
            impersonatorId,
            userId,
            startedAt: startedAt.toISOString(),
            expiresAt: expiresAt.toISOString(),
          },
          eventMetaOf(meta, companyId),
        );
        await this.accountLog.record(
          userId,
          'impersonated',
          meta,
          { impersonatorId, companyId, sessionId },
          manager,
        );
      },
      { kind: 'impersonation', scopes: [...IMPERSONATION_SCOPES], impersonatorId, companyId, ttlSeconds },
    );
    return {
      accessToken: pair.accessToken,
      tokenType: 'Bearer',
      expiresIn: pair.expiresIn,
      sessionId: pair.sessionId,
      userId,
      impersonatorId,
      companyId,
    };
  }

  /** Ends the impersonation the calling token belongs to; its tokens are refused at once. */
  async end(meta: RequestMeta): Promise<{ ended: true }> {
    requireUser(meta);
    const sessionId = meta.actor.sessionId;
    if (!sessionId) throw new AppError('NOT_FOUND', 'No impersonation to end');
    await this.dataSource.transaction(async (manager) => {
      const session = await this.sessions.revokeOne(
        manager,
        sessionId,
        'impersonation',
        'impersonation_ended',
        meta,
      );
      await this.outbox.add(
        manager,
        ImpersonationEnded,
        {
          sessionId,
          companyId: session.companyId!,
          impersonatorId: session.impersonatorId!,
          userId: session.userId,
          endedAt: new Date().toISOString(),
        },
        eventMetaOf(meta, session.companyId),
      );
    });
    return { ended: true };
  }
}
