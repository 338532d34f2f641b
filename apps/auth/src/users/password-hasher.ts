import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { AuthConfig } from '../config/auth.config';
import { ConcurrencyLimit } from './concurrency-limit';

/**
 * argon2id hashing. `verifyOrDummy` spends the same time whether or not the account exists, so a
 * failed login does not reveal which e-mails are registered.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly limit: ConcurrencyLimit;

  constructor(private readonly config: AuthConfig) {
    this.limit = new ConcurrencyLimit(config.ARGON2_CONCURRENCY);
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() =>
      hash(password, {
        algorithm: Algorithm.Argon2id,
        memoryCost: this.config.ARGON2_MEMORY_KIB,
        timeCost: this.config.ARGON2_TIME_COST,
        parallelism: 1,
      }),
    );
  }

  /** argon2's verify compares in constant time. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.limit.run(() => verify(passwordHash, password));
    } catch {
      return false;
    }
  }

  async verifyOrDummy(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash) return this.verify(passwordHash, password);
    this.dummyHash ??= this.hash('dummy password for timing equality');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
