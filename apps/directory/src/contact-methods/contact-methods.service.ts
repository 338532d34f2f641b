import { sha256Hex } from '@roster/security';
import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddContactMethodRequest,
  AppError,
  ContactKind,
  ContactMethodResponse,
  ContactVerificationRequested,
  PHONE_PATTERN,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { DirectoryConfig } from '../config/directory.config';
import { newCode } from '../invitations/tokens';
import { ContactMethodEntity } from './contact-method.entity';

const notFound = () => new AppError('NOT_FOUND', 'No such e-mail address or phone number');

export function toContactMethodResponse(c: ContactMethodEntity): ContactMethodResponse {
  return {
    kind: c.kind,
    label: c.label,
    value: c.value,
    verified: c.verifiedAt !== null,
    verifiedAt: c.verifiedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The value in its stored form, or a 400 naming `value`. */
export function normalizeContactValue(kind: ContactKind, value: string): string {
  const trimmed = value.trim();
  if (kind === 'email' && isEmail(trimmed)) return trimmed.toLowerCase();
  if (kind === 'phone' && PHONE_PATTERN.test(trimmed)) return trimmed;
  const message = kind === 'email' ? 'must be an e-mail address' : 'must look like +15551234567';
  throw new AppError('VALIDATION_FAILED', `value: ${message}`, [{ field: 'value', message }]);
}

const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

@Injectable()
export class ContactMethodsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: DirectoryConfig,
  ) {}

  async list(userId: string, kind: ContactKind): Promise<{ items: ContactMethodResponse[] }> {
    const rows = await this.dataSource.manager.find(ContactMethodEntity, {
      where: { userId, kind },
      order: { createdAt: 'ASC' },
    });
    return { items: rows.map(toContactMethodResponse) };
  }

  async add(
    userId: string,
    request: AddContactMethodRequest,
    meta: RequestMeta,
  ): Promise<ContactMethodResponse> {
    const value = normalizeContactValue(request.kind, request.value);
    return this.dataSource.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      const mine = await manager.findBy(ContactMethodEntity, { userId, kind: request.kind });
      if (mine.some((c) => c.label === request.label))
        throw new AppError('CONFLICT', `The label "${request.label}" is already used`);
      if (mine.some((c) => c.value === value))
        throw new AppError('CONFLICT', `${value} is already in your list`);
      const id = randomUUID();
      await manager.insert(ContactMethodEntity, {
        id,
        userId,
        kind: request.kind,
        label: request.label,
        value,
        failedAttempts: 0,
      });
      const created = await manager.findOneByOrFail(ContactMethodEntity, { id });
      await this.sendCode(manager, created, meta);
      return toContactMethodResponse(created);
    });
  }

  async resendCode(userId: string, kind: ContactKind, label: string, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const method = await this.lockMethod(manager, userId, kind, label);
      if (method.verifiedAt) throw new AppError('CONFLICT', 'Already verified');
      return { expiresAt: await this.sendCode(manager, method, meta) };
    });
  }

  async verify(
    userId: string,
    kind: ContactKind,
    label: string,
    code: string,
  ): Promise<ContactMethodResponse> {
    // A wrong code must count even though the request fails: the attempt is committed, then the error thrown.
    const outcome = await this.dataSource.transaction(async (manager) => {
      const method = await this.lockMethod(manager, userId, kind, label);
      if (method.verifiedAt) return { method };
      if (!method.codeHash || !method.codeExpiresAt || method.codeExpiresAt.getTime() <= Date.now())
        return { error: new AppError('GONE', 'The code expired; ask for a new one') };
      if (method.failedAttempts >= this.config.CONTACT_CODE_MAX_ATTEMPTS)
        return { error: new AppError('GONE', 'Too many wrong codes; ask for a new one') };
      if (!sameHash(sha256Hex(code), method.codeHash)) {
        await manager.update(
          ContactMethodEntity,
          { id: method.id },
          { failedAttempts: method.failedAttempts + 1 },
        );
        return { error: new AppError('UNPROCESSABLE', 'The code is wrong') };
      }
      const verifiedAt = new Date();
      await manager.update(
        ContactMethodEntity,
        { id: method.id },
        { verifiedAt, codeHash: null, codeExpiresAt: null, failedAttempts: 0 },
      );
      return { method: { ...method, verifiedAt } };
    });
    if ('error' in outcome && outcome.error) throw outcome.error;
    return toContactMethodResponse(outcome.method);
  }

  /** The last verified address (or number) of its kind stays: 409. */
  async remove(userId: string, kind: ContactKind, label: string): Promise<{ removed: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockUser(manager, userId);
      const method = await this.lockMethod(manager, userId, kind, label);
      if (method.verifiedAt) {
        const verified = await manager
          .createQueryBuilder(ContactMethodEntity, 'c')
          .where('c.user_id = :userId AND c.kind = :kind AND c.verified_at IS NOT NULL', { userId, kind })
          .getCount();
        if (verified <= 1)
          throw new AppError(
            'CONFLICT',
            `This is your last verified ${kind === 'email' ? 'e-mail address' : 'phone number'}`,
          );
      }
      await manager.delete(ContactMethodEntity, { id: method.id });
      return { removed: true as const };
    });
  }

  private async sendCode(
    manager: EntityManager,
    method: ContactMethodEntity,
    meta: RequestMeta,
  ): Promise<string> {
    const code = newCode();
    const expiresAt = new Date(Date.now() + this.config.CONTACT_CODE_TTL_MINUTES * 60_000);
    await manager.update(
      ContactMethodEntity,
      { id: method.id },
      { codeHash: sha256Hex(code), codeExpiresAt: expiresAt, failedAttempts: 0 },
    );
    await this.outbox.add(
      manager,
      ContactVerificationRequested,
      {
        userId: method.userId,
        kind: method.kind,
        value: method.value,
        code,
        expiresAt: expiresAt.toISOString(),
      },
      eventMetaOf(meta, null),
    );
    return expiresAt.toISOString();
  }

  /** Serialises one user's changes to their list (the "last verified" rule needs it). */
  private async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`contact-methods:${userId}`]);
  }

  private async lockMethod(manager: EntityManager, userId: string, kind: ContactKind, label: string) {
    const method = await manager
      .createQueryBuilder(ContactMethodEntity, 'c')
      .where('c.user_id = :userId AND c.kind = :kind AND c.label = :label', { userId, kind, label })
      .setLock('pessimistic_write')
      .getOne();
    if (!method) throw notFound();
    return method;
  }
}
