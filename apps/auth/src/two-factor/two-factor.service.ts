import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  RECOVERY_CODE_COUNT,
  ReauthenticationRequest,
  RecoveryCodesResponse,
  TotpEnrolmentResponse,
  TwoFactorDisabled,
  TwoFactorEnabled,
  TwoFactorStatusResponse,
} from '@roster/contracts';
import { OutboxService, RequestMeta } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { LoginAttemptsService } from '../login-attempts/login-attempts.service';
import { PasswordHasher } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import { hashRecoveryCode, newRecoveryCode } from './recovery-codes';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { SecondFactorVerifier, totpContext } from './second-factor.verifier';
import { SecretCipher } from '@roster/security';
import { newTotpSecret, totpUri } from './totp';
import { TotpFactorEntity } from './totp-factor.entity';

/** Two-factor authentication with TOTP: status, enrolment, recovery codes, turning it off. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly verifier: SecondFactorVerifier,
    private readonly cipher: SecretCipher,
    private readonly outbox: OutboxService,
    private readonly accountLog: AccountLogService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  async status(userId: string): Promise<TwoFactorStatusResponse> {
    const factor = await this.dataSource.getRepository(TotpFactorEntity).findOneBy({ userId });
    const enabled = factor?.status === 'enabled';
    return {
      enabled,
      method: enabled ? 'totp' : null,
      recoveryCodesLeft: enabled ? await this.verifier.recoveryCodesLeft(userId) : 0,
      pendingEnrolment: factor?.status === 'pending',
    };
  }

  /** A fresh secret, pending until confirmed; starting again replaces an unconfirmed one. */
  async startEnrolment(userId: string): Promise<TotpEnrolmentResponse> {
    const user = await this.users.requireActive(userId);
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(TotpFactorEntity, {
        where: { userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (current?.status === 'enabled') {
        throw new AppError('CONFLICT', 'Two-factor authentication is already on; turn it off first');
      }
      await manager.upsert(
        TotpFactorEntity,
        {
          userId,
          secret: this.cipher.encrypt(secret, totpContext(userId)),
          status: 'pending',
          lastUsedStep: null,
          enabledAt: null,
        },
        ['userId'],
      );
    });
    return { secret, otpauthUri: totpUri(user.email, secret) };
  }

  /** Turns TOTP on with a code from the app, and hands out the recovery codes (once). */
  async confirmEnrolment(userId: string, code: string, meta: RequestMeta): Promise<RecoveryCodesResponse> {
    return this.dataSource.transaction(async (manager) => {
      const factor = await manager.findOne(TotpFactorEntity, {
        where: { userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (factor?.status !== 'pending') {
        throw new AppError('CONFLICT', 'No two-factor enrolment is in progress; start one first');
      }
      const step = this.verifier.matchStep(factor, code);
      if (step === null) {
        throw new AppError('UNPROCESSABLE', 'code: is not the current code of the authenticator app', [
          { field: 'code', message: 'is not the current code of the authenticator app' },
        ]);
      }
      const enabledAt = new Date();
      await manager.update(
        TotpFactorEntity,
        { userId },
        { status: 'enabled', lastUsedStep: step, enabledAt },
      );
      const recoveryCodes = await this.replaceRecoveryCodes(manager, userId);
      await this.outbox.add(
        manager,
        TwoFactorEnabled,
        { userId, method: 'totp', enabledAt: enabledAt.toISOString() },
        { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
      );
      await this.accountLog.record(userId, 'two_factor_enabled', meta, { method: 'totp' }, manager);
      return { recoveryCodes };
    });
  }

  async regenerateRecoveryCodes(
    userId: string,
    proof: ReauthenticationRequest,
    meta: RequestMeta,
  ): Promise<RecoveryCodesResponse> {
    await this.requireEnabled(userId);
    await this.reauthenticate(userId, proof, meta);
    return this.dataSource.transaction(async (manager) => {
      const recoveryCodes = await this.replaceRecoveryCodes(manager, userId);
      await this.accountLog.record(userId, 'recovery_codes_regenerated', meta, {}, manager);
      return { recoveryCodes };
    });
  }

  async disable(
    userId: string,
    proof: ReauthenticationRequest,
    meta: RequestMeta,
  ): Promise<{ disabled: true }> {
    await this.requireEnabled(userId);
    await this.reauthenticate(userId, proof, meta);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(TotpFactorEntity, { userId });
      await manager.delete(RecoveryCodeEntity, { userId });
      await this.outbox.add(
        manager,
        TwoFactorDisabled,
        { userId, method: 'totp', disabledAt: new Date().toISOString() },
        { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
      );
      await this.accountLog.record(userId, 'two_factor_disabled', meta, { method: 'totp' }, manager);
    });
    return { disabled: true };
  }

  private async requireEnabled(userId: string): Promise<void> {
    if (!(await this.verifier.isEnabled(userId))) {
      throw new AppError('CONFLICT', 'Two-factor authentication is not on');
    }
  }

  /**
   * Proof of presence: the password and/or a current TOTP code, whichever are given (each must be
   * right). Failures count towards the account's brute-force lockout like failed logins do.
   */
  private async reauthenticate(
    userId: string,
    proof: ReauthenticationRequest,
    meta: RequestMeta,
  ): Promise<void> {
    if (proof.password === undefined && proof.code === undefined) {
      throw new AppError('VALIDATION_FAILED', 'password or code: one of them is required', [
        { field: 'password', message: 'password or code is required' },
        { field: 'code', message: 'password or code is required' },
      ]);
    }
    const user = await this.users.requireActive(userId);
    await this.attempts.assertAllowed(user.email, meta.ip);
    let wrong: 'password' | 'code' | null = null;
    if (proof.password !== undefined && !(await this.hasher.verify(user.passwordHash, proof.password))) {
      wrong = 'password';
    } else if (proof.code !== undefined && !(await this.verifier.verifyTotp(userId, proof.code))) {
      wrong = 'code';
    }
    await this.attempts.record({
      email: user.email,
      ip: meta.ip,
      succeeded: !wrong,
      kind: 'reauthentication',
    });
    if (wrong) {
      throw new AppError('UNPROCESSABLE', `${wrong}: is not correct`, [
        { field: wrong, message: 'is not correct' },
      ]);
    }
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await manager.delete(RecoveryCodeEntity, { userId });
    await manager.insert(
      RecoveryCodeEntity,
      codes.map((code) => ({ id: randomUUID(), userId, codeHash: hashRecoveryCode(code) })),
    );
    return codes;
  }
}
