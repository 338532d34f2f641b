import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthConfig } from '../config/auth.config';
import { hashRecoveryCode } from './recovery-codes';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { SecretCipher } from '@roster/security';
import { verifyTotp } from './totp';
import { TotpFactorEntity } from './totp-factor.entity';

export interface SecondFactorInput {
  totpCode?: string;
  recoveryCode?: string;
}

export type SecondFactorOutcome =
  | { result: 'not_enabled' }
  | { result: 'required' }
  | { result: 'invalid'; via: 'totp' | 'recovery_code' }
  | { result: 'ok'; via: 'totp' }
  | { result: 'ok'; via: 'recovery_code'; recoveryCodesLeft: number };

/**
 * Checks second factors. A TOTP code is accepted once: its time step is remembered under a row lock,
 * so a replay (or two concurrent logins with one code) fails. A recovery code is spent by a single
 * conditional UPDATE, so it works exactly once.
 */
@Injectable()
export class SecondFactorVerifier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuthConfig,
    private readonly cipher: SecretCipher,
  ) {}

  isEnabled(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(TotpFactorEntity).existsBy({ userId, status: 'enabled' });
  }

  /** `enabled`: whether the user has an enabled factor, as the login has read it (LoginLookup). */
  async checkLogin(userId: string, input: SecondFactorInput, enabled: boolean): Promise<SecondFactorOutcome> {
    if (!enabled) return { result: 'not_enabled' };
    if (input.totpCode) {
      return (await this.verifyTotp(userId, input.totpCode))
        ? { result: 'ok', via: 'totp' }
        : { result: 'invalid', via: 'totp' };
    }
    if (input.recoveryCode) {
      const left = await this.spendRecoveryCode(userId, input.recoveryCode);
      return left === null
        ? { result: 'invalid', via: 'recovery_code' }
        : { result: 'ok', via: 'recovery_code', recoveryCodesLeft: left };
    }
    return { result: 'required' };
  }

  /** True when `code` is valid for the user's enabled factor and newer than the last code used. */
  verifyTotp(userId: string, code: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const factor = await manager.findOne(TotpFactorEntity, {
        where: { userId, status: 'enabled' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!factor) return false;
      const step = this.matchStep(factor, code);
      if (step === null) return false;
      await manager.update(TotpFactorEntity, { userId }, { lastUsedStep: step });
      return true;
    });
  }

  /** The step `code` belongs to for this factor (pending or enabled), or null. */
  matchStep(factor: TotpFactorEntity, code: string): number | null {
    return verifyTotp(this.cipher.decrypt(factor.secret, totpContext(factor.userId)), code, {
      nowMs: Date.now(),
      window: this.config.TOTP_WINDOW_STEPS,
      lastUsedStep: factor.lastUsedStep,
    });
  }

  /** Marks the code used; returns how many unused codes remain, or null if it was not a valid code. */
  async spendRecoveryCode(userId: string, code: string): Promise<number | null> {
    const spent: unknown[] = await this.dataSource
      .createQueryBuilder()
      .update(RecoveryCodeEntity)
      .set({ usedAt: () => 'now()' })
      .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', {
        userId,
        hash: hashRecoveryCode(code),
      })
      .returning('id')
      .execute()
      .then((r) => r.raw as unknown[]);
    if (spent.length === 0) return null;
    return this.recoveryCodesLeft(userId);
  }

  recoveryCodesLeft(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(RecoveryCodeEntity, { userId, usedAt: IsNull() });
  }
}

/** Binds a sealed TOTP seed to its user: a row's secret copied to another user's row does not open. */
export function totpContext(userId: string): string {
  return `totp:${userId}`;
}
