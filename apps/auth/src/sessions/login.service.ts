import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountLocked,
  AppError,
  LoginRequest,
  TokenPair,
  TWO_FACTOR_ENROLLMENT_SCOPE,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { loginsTotal } from '@roster/observability';
import { AccountLogService } from '../account-log/account-log.service';
import { LoginAttemptsService } from '../login-attempts/login-attempts.service';
import { SecondFactorVerifier } from '../two-factor/second-factor.verifier';
import { PasswordHasher } from '../users/password-hasher';
import { normalizeEmail } from '../users/users.service';
import { LoginAccount, LoginLookup } from './login-lookup';
import { SessionsService } from './sessions.service';

/**
 * Password login, then the second factor when the user has one. In order: the brute-force protection
 * (429 before any password work once locked out; before that, past a few failures, a growing wait that
 * depends only on the e-mail's and the IP's counts, so it is the same for an unknown e-mail), the
 * password (same answer for an unknown e-mail, same time too), the second factor; every failure is
 * counted and lands in the account log.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly accounts: LoginLookup,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactorVerifier,
    private readonly attempts: LoginAttemptsService,
    private readonly accountLog: AccountLogService,
    private readonly sessions: SessionsService,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async login(request: LoginRequest, meta: RequestMeta): Promise<TokenPair> {
    if (request.totpCode !== undefined && request.recoveryCode !== undefined) {
      throw new AppError('VALIDATION_FAILED', 'totpCode, recoveryCode: send one of them, not both', [
        { field: 'recoveryCode', message: 'send either totpCode or recoveryCode' },
      ]);
    }
    const email = normalizeEmail(request.email);
    try {
      await this.attempts.assertAllowed(email, meta.ip);
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED')
        loginsTotal.inc({ outcome: 'rate_limited' });
      throw error;
    }

    const user = await this.accounts.byEmail(email);
    const valid = await this.hasher.verifyOrDummy(user?.passwordHash, request.password);
    if (!user || !valid) {
      await this.fail(email, user, meta, 'password');
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') {
      // Only after the right password: a stranger learns nothing about the account.
      await this.fail(email, user, meta, 'account_disabled');
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled; contact the platform operators');
    }

    const second = await this.secondFactor.checkLogin(user.id, request, user.twoFactorEnabled);
    switch (second.result) {
      case 'required':
        // Not a failure: the usual first half of a two-step login.
        throw new AppError('SECOND_FACTOR_REQUIRED', 'Send totpCode (or a recoveryCode) with the password');
      case 'invalid':
        await this.fail(email, user, meta, second.via);
        throw new AppError('INVALID_SECOND_FACTOR', 'The code is wrong, expired or already used');
      case 'not_enabled':
      case 'ok':
        break;
    }

    // A company of the user enforces 2FA and the user has none: a token that only allows enrolling.
    const restricted = second.result === 'not_enabled' && user.twoFactorRequired;
    const secondFactor = second.result === 'ok' ? second.via : null;
    const tokens = await this.sessions.openForLogin(
      user.id,
      meta,
      email,
      (sessionId) => [
        { type: 'login_succeeded', details: { sessionId, secondFactor } },
        ...(second.result === 'ok' && second.via === 'recovery_code'
          ? [
              {
                type: 'recovery_code_used' as const,
                details: { recoveryCodesLeft: second.recoveryCodesLeft },
              },
            ]
          : []),
      ],
      restricted ? { kind: 'login', scopes: [TWO_FACTOR_ENROLLMENT_SCOPE] } : undefined,
    );
    loginsTotal.inc({ outcome: 'success' });
    return tokens;
  }

  private async fail(
    email: string,
    user: LoginAccount | null,
    meta: RequestMeta,
    reason: string,
  ): Promise<void> {
    loginsTotal.inc({ outcome: 'failure' });
    // Both paths make the same round trips and one committed write (a commit that writes waits for the WAL
    // flush; one that only reads does not), so an unknown e-mail is not answered sooner than a wrong
    // password (no user enumeration by timing, bench B3a).
    const now = new Date();
    const lockedUntil = await this.attempts.accountLockedUntil(email, now, true);
    await this.dataSource.transaction(async (manager) => {
      await this.attempts.record({ email, ip: meta.ip, succeeded: false }, manager);
      if (!user) return;
      await this.accountLog.record(user.id, 'login_failed', meta, { reason }, manager);
      if (!lockedUntil) return;
      // Once per lock: the row is (re)written only when there is none or the previous lock has lifted,
      // so concurrent failures that both see the limit emit one AccountLocked between them.
      const fresh: unknown[] = await manager.query(
        `INSERT INTO account_locks (user_id, locked_at, locked_until) VALUES ($1, now(), $2)
         ON CONFLICT (user_id) DO UPDATE SET locked_at = now(), locked_until = EXCLUDED.locked_until
           WHERE account_locks.locked_until <= now()
         RETURNING user_id`,
        [user.id, lockedUntil],
      );
      if (!fresh.length) return;
      const until = lockedUntil.toISOString();
      await this.outbox.add(
        manager,
        AccountLocked,
        { userId: user.id, email: user.email, until },
        eventMetaOf(meta, null),
      );
      await this.accountLog.record(user.id, 'account_locked', meta, { until }, manager);
    });
  }
}
