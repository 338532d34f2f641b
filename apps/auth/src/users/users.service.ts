import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppError, RegisterUserRequest, RegisterUserResponse, UserRegistered } from '@roster/contracts';
import { OutboxService, RequestMeta } from '@roster/messaging';
import { checkPasswordPolicy } from './password-policy';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from './user.entity';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly outbox: OutboxService,
  ) {}

  async register(request: RegisterUserRequest, meta: RequestMeta): Promise<RegisterUserResponse> {
    const email = normalizeEmail(request.email);
    const reasons = checkPasswordPolicy(request.password, email);
    if (reasons.length) {
      throw new AppError(
        'WEAK_PASSWORD',
        `password ${reasons.join('; ')}`,
        reasons.map((message) => ({ field: 'password', message })),
      );
    }
    const passwordHash = await this.hasher.hash(request.password);
    const id = randomUUID();
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const created = manager.create(UserEntity, { id, email, passwordHash, status: 'active' });
        await manager.insert(UserEntity, created);
        const saved = await manager.findOneByOrFail(UserEntity, { id });
        await this.outbox.add(
          manager,
          UserRegistered,
          { userId: id, email, registeredAt: saved.createdAt.toISOString() },
          { tenantId: null, actor: { type: 'user', id }, correlationId: meta.requestId },
        );
        return saved;
      });
      return { userId: user.id, email: user.email, createdAt: user.createdAt.toISOString() };
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new AppError('EMAIL_TAKEN', 'An account with this e-mail address already exists', [
          { field: 'email', message: 'is already registered' },
        ]);
      }
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email: normalizeEmail(email) });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** The active user behind a request; a deleted or disabled account is treated as signed out. */
  async requireActive(id: string): Promise<UserEntity> {
    const user = await this.findById(id);
    if (!user || user.status !== 'active') throw new AppError('UNAUTHENTICATED');
    return user;
  }
}
