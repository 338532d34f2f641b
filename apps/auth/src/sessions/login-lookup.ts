import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '@roster/persistence';

/** What a password login needs to know of the account behind an e-mail. */
export interface LoginAccount {
  id: string;
  email: string;
  /** argon2id PHC string. */
  passwordHash: string;
  status: 'active' | 'disabled';
  /** The user has an enabled TOTP factor, so the login needs a code. */
  twoFactorEnabled: boolean;
  /** A company the user actively belongs to enforces two-factor authentication (one index probe). */
  twoFactorRequired: boolean;
}

interface LoginAccountRow {
  id: string;
  email: string;
  password_hash: string;
  status: 'active' | 'disabled';
  two_factor_enabled: boolean;
  two_factor_required: boolean;
}

/**
 * Reads everything a login decides on in one prepared statement, before the password is checked: the
 * account, its second factor and its companies' 2FA policy. Every login runs it, so it is one round trip
 * instead of three (bench B3). An unknown e-mail makes the same round trip and gets null.
 */
@Injectable()
export class LoginLookup {
  constructor(private readonly dataSource: DataSource) {}

  /** `email` is already normalized. */
  async byEmail(email: string): Promise<LoginAccount | null> {
    const [row] = await preparedQuery<LoginAccountRow>(
      this.dataSource,
      'auth.login-lookup',
      `SELECT u.id, u.email, u.password_hash, u.status,
              EXISTS (SELECT 1 FROM totp_factors f WHERE f.user_id = u.id AND f.status = 'enabled')
                AS two_factor_enabled,
              EXISTS (SELECT 1 FROM company_members m JOIN company_policies p ON p.company_id = m.company_id
                       WHERE m.user_id = u.id AND m.present AND m.status = 'active' AND p.enforced_2fa)
                AS two_factor_required
         FROM users u
        WHERE u.email = $1`,
      [email],
    );
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      passwordHash: row.password_hash,
      status: row.status,
      twoFactorEnabled: row.two_factor_enabled,
      twoFactorRequired: row.two_factor_required,
    };
  }
}
