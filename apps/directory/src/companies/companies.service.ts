import { sha256Hex } from '@roster/security';
import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import * as ipaddr from 'ipaddr.js';
import {
  AcceptOwnershipTransferRequest,
  AppError,
  CompanyAccessResponse,
  CompanyBrandingResponse,
  CompanyBrandingUpdated,
  CompanyCreated,
  CompanyDeleted,
  CompanyRestored,
  CompanyPolicyUpdated,
  CompanyResponse,
  CompanySettingsResponse,
  CompanyUpdated,
  CreateCompany,
  CreateCompanyRequest,
  CreateOwnershipTransferRequest,
  ListQuery,
  LOGO_MAX_BYTES,
  OwnershipTransferResponse,
  Page,
  SetCompanyLogoRequest,
  UpdateCompanyBrandingRequest,
  UpdateCompanyRequest,
  UpdateCompanySettingsRequest,
} from '@roster/contracts';
import { eventMetaOf, IdempotencyKeys, OutboxService, RequestMeta } from '@roster/messaging';
import { ipAllowed } from '../access/access-policy';
import { CompanyAccessService } from '../access/company-access.service';
import { MembershipWriter } from '../access/membership-writer';
import { DirectoryConfig } from '../config/directory.config';
import { CompaniesRepository } from './companies.repository';
import { logoUrlOf, toBrandingResponse, toCompanyResponse, toSettingsResponse } from './companies.mapper';
import { CompanyEntity } from './company.entity';
import { MembershipEntity } from './membership.entity';
import { OwnershipTransferEntity } from './ownership-transfer.entity';

const notFound = () => new AppError('NOT_FOUND', 'Company not found');

/** IP addresses or CIDR ranges, normalised; a bad entry is a 400 naming its index. */
export function normaliseIpAllowList(entries: string[]): string[] {
  const errors = entries.flatMap((raw, i) => {
    const entry = raw.trim();
    const ok = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
    return ok ? [] : [{ field: `ipAllowList.${i}`, message: 'must be an IP address or CIDR range' }];
  });
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'ipAllowList: invalid entries', errors);
  return [...new Set(entries.map((e) => e.trim()))];
}

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

@Injectable()
export class CompaniesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: CompaniesRepository,
    private readonly access: CompanyAccessService,
    private readonly writer: MembershipWriter,
    private readonly outbox: OutboxService,
    private readonly config: DirectoryConfig,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  /** The creator becomes the owner; `company.created` and `member.added` leave in the same commit. */
  async create(userId: string, request: CreateCompanyRequest, meta: RequestMeta): Promise<CompanyResponse> {
    const name = request.name.trim();
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
        { field: 'name', message: 'must not be blank' },
      ]);
    if (!this.config.USERS_MAY_CREATE_COMPANIES || (await this.companies.creationForbidden(userId)))
      throw new AppError('FORBIDDEN', 'You are not allowed to create companies');
    // With an Idempotency-Key, the key and this response commit with the company (see the handler).
    return this.idempotency.transaction(CreateCompany, async (manager) => {
      const company = await this.insertCompany(
        manager,
        { name, description: request.description ?? null, createdBy: userId, providerId: null },
        userId,
        meta,
      );
      await this.writer.addMember(manager, { companyId: company.id, userId, role: 'owner' }, meta);
      return toCompanyResponse(company, 'owner');
    });
  }

  /** Inserts a company and records `company.created` (also used for a provider's customers). */
  async insertCompany(
    manager: EntityManager,
    values: { name: string; description: string | null; createdBy: string; providerId: string | null },
    ownerUserId: string,
    meta: RequestMeta,
  ): Promise<CompanyEntity> {
    const id = randomUUID();
    await manager.insert(CompanyEntity, { id, ...values, memberSequence: 0 });
    const company = await manager.findOneByOrFail(CompanyEntity, { id });
    await this.outbox.add(
      manager,
      CompanyCreated,
      {
        companyId: id,
        name: company.name,
        ownerUserId,
        createdAt: company.createdAt.toISOString(),
        providerId: values.providerId,
      },
      eventMetaOf(meta, id),
    );
    return company;
  }

  async list(userId: string, query: ListQuery): Promise<Page<CompanyResponse>> {
    const { rows, total } = await this.companies.listForUser(userId, query);
    return {
      items: rows.map(({ company, role }) => toCompanyResponse(company, role)),
      total,
      limit: query.limit,
      skip: query.skip,
    };
  }

  async get(userId: string, companyId: string): Promise<CompanyResponse> {
    const access = await this.access.require(userId, companyId, 'read');
    return toCompanyResponse(await this.load(companyId), access.role);
  }

  async update(userId: string, request: UpdateCompanyRequest, meta: RequestMeta): Promise<CompanyResponse> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      const company = await this.applyUpdate(manager, request.companyId, request, meta);
      return toCompanyResponse(company, access.role);
    });
  }

  /** Name/description change plus `company.updated`; shared with the provider's customer update. */
  async applyUpdate(
    manager: EntityManager,
    companyId: string,
    request: { name?: string; description?: string | null },
    meta: RequestMeta,
  ): Promise<CompanyEntity> {
    const changes: Partial<CompanyEntity> = {};
    if (request.name !== undefined) {
      changes.name = request.name.trim();
      if (!changes.name)
        throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
          { field: 'name', message: 'must not be blank' },
        ]);
    }
    if (request.description !== undefined) changes.description = request.description;
    if (Object.keys(changes).length === 0) return this.load(companyId, manager);
    await manager.update(CompanyEntity, { id: companyId }, changes);
    const company = await this.load(companyId, manager);
    await this.emitUpdated(manager, company, meta);
    return company;
  }

  /** Soft delete (owners): hidden at once, restorable for COMPANY_DELETE_GRACE_DAYS. */
  async delete(userId: string, companyId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'own', manager, { lock: true });
      await this.softDelete(manager, companyId, meta);
      return { deleted: true as const };
    });
  }

  async softDelete(manager: EntityManager, companyId: string, meta: RequestMeta): Promise<void> {
    const deletedAt = new Date();
    await manager.update(CompanyEntity, { id: companyId }, { deletedAt });
    await this.outbox.add(
      manager,
      CompanyDeleted,
      { companyId, deletedAt: deletedAt.toISOString() },
      eventMetaOf(meta, companyId),
    );
  }

  /**
   * Owners (by membership) bring a deleted company back within the grace period; 410 after it, and to its
   * former owners once it was purged (CompanyPurgeService).
   */
  async restore(userId: string, companyId: string, meta: RequestMeta): Promise<CompanyResponse> {
    return this.dataSource.transaction(async (manager) => {
      const tombstone = await manager.findOneBy(CompanyEntity, { id: companyId });
      if (tombstone?.purgedAt && tombstone.formerOwnerIds.includes(userId))
        throw new AppError('GONE', 'This company was purged after its grace period');
      const access = await this.access.require(userId, companyId, 'own', manager, {
        lock: true,
        includeDeleted: true,
      });
      const company = await this.load(companyId, manager, true);
      if (!company.deletedAt) throw new AppError('CONFLICT', 'The company is not deleted');
      const graceEnds = company.deletedAt.getTime() + this.config.COMPANY_DELETE_GRACE_DAYS * 86_400_000;
      if (Date.now() > graceEnds)
        throw new AppError('GONE', 'The grace period to restore this company is over');
      await manager.update(CompanyEntity, { id: companyId }, { deletedAt: null });
      const restored = await this.load(companyId, manager);
      // `company.restored` for contexts that paused on `company.deleted`; `company.updated` for read models.
      await this.outbox.add(
        manager,
        CompanyRestored,
        { companyId, deletedAt: company.deletedAt.toISOString(), restoredAt: new Date().toISOString() },
        eventMetaOf(meta, companyId),
      );
      await this.emitUpdated(manager, restored, meta);
      return toCompanyResponse(restored, access.role);
    });
  }

  /** For other contexts: the user's role in the company, or 404 when not a member nor provider admin. */
  async checkAccess(companyId: string, userId: string): Promise<CompanyAccessResponse> {
    const { role, via } = await this.access.require(userId, companyId, 'read');
    return { companyId, userId, role, via };
  }

  async getSettings(userId: string, companyId: string): Promise<CompanySettingsResponse> {
    await this.access.require(userId, companyId, 'read');
    return toSettingsResponse(await this.load(companyId));
  }

  async updateSettings(
    userId: string,
    request: UpdateCompanySettingsRequest,
    meta: RequestMeta,
  ): Promise<CompanySettingsResponse> {
    const ipAllowList = normaliseIpAllowList(request.ipAllowList);
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      // A member who sets a list that leaves out their own address would lock themselves out at once.
      if (access.via === 'member' && meta.ip && !ipAllowed(ipAllowList, meta.ip)) {
        throw new AppError('UNPROCESSABLE', `ipAllowList: your own address (${meta.ip}) is not in it`, [
          { field: 'ipAllowList', message: `must include your own address ${meta.ip}, or you lose access` },
        ]);
      }
      const before = await this.load(request.companyId, manager);
      await manager.update(
        CompanyEntity,
        { id: request.companyId },
        {
          enforced2fa: request.enforced2fa,
          ipAllowList,
          personalDashboardsAllowed: request.personalDashboardsAllowed,
          usersMayCreateCompanies: request.usersMayCreateCompanies,
        },
      );
      const company = await this.load(request.companyId, manager);
      const policyChanged =
        before.enforced2fa !== company.enforced2fa ||
        before.ipAllowList.join(',') !== company.ipAllowList.join(',');
      if (policyChanged)
        await this.outbox.add(
          manager,
          CompanyPolicyUpdated,
          {
            companyId: company.id,
            enforced2fa: company.enforced2fa,
            ipAllowList: company.ipAllowList,
            updatedAt: company.updatedAt.toISOString(),
          },
          eventMetaOf(meta, company.id),
        );
      return toSettingsResponse(company);
    });
  }

  async getBranding(userId: string, companyId: string): Promise<CompanyBrandingResponse> {
    await this.access.require(userId, companyId, 'read');
    return toBrandingResponse(await this.load(companyId));
  }

  async updateBranding(
    userId: string,
    request: UpdateCompanyBrandingRequest,
    meta: RequestMeta,
  ): Promise<CompanyBrandingResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      await manager.update(
        CompanyEntity,
        { id: request.companyId },
        { primaryColor: request.primaryColor ?? null, billingEmail: request.billingEmail ?? null },
      );
      return this.emitBranding(manager, request.companyId, meta);
    });
  }

  async setLogo(
    userId: string,
    request: SetCompanyLogoRequest,
    meta: RequestMeta,
  ): Promise<CompanyBrandingResponse> {
    const data = Buffer.from(request.dataBase64, 'base64');
    if (data.length > LOGO_MAX_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `The logo may have at most ${LOGO_MAX_BYTES} bytes`);
    if (!SIGNATURES[request.contentType]?.(data))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is not a ${request.contentType} image`);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      await manager.update(
        CompanyEntity,
        { id: request.companyId },
        { logo: data, logoContentType: request.contentType, logoUpdatedAt: new Date() },
      );
      return this.emitBranding(manager, request.companyId, meta);
    });
  }

  async getLogo(userId: string, companyId: string): Promise<{ contentType: string; dataBase64: string }> {
    await this.access.require(userId, companyId, 'read');
    const row = await this.dataSource
      .createQueryBuilder(CompanyEntity, 'c')
      .addSelect('c.logo')
      .where('c.id = :companyId', { companyId })
      .getOne();
    if (!row?.logo || !row.logoContentType) throw new AppError('NOT_FOUND', 'This company has no logo');
    return { contentType: row.logoContentType, dataBase64: row.logo.toString('base64') };
  }

  /** Owners hand the company to another active member with a single-use token (earlier ones lapse). */
  async createOwnershipTransfer(
    userId: string,
    request: CreateOwnershipTransferRequest,
  ): Promise<OwnershipTransferResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'own', manager, { lock: true });
      if (request.toUserId === userId) throw new AppError('UNPROCESSABLE', 'You already own this company');
      const target = await manager.findOneBy(MembershipEntity, {
        companyId: request.companyId,
        userId: request.toUserId,
      });
      if (!target || target.status !== 'active')
        throw new AppError('UNPROCESSABLE', 'Ownership can only go to an active member of the company');
      await manager
        .createQueryBuilder()
        .update(OwnershipTransferEntity)
        .set({ usedAt: () => 'now()' })
        .where('company_id = :companyId AND used_at IS NULL', { companyId: request.companyId })
        .execute();
      const token = randomBytes(32).toString('base64url');
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + this.config.OWNERSHIP_TRANSFER_TTL_HOURS * 3_600_000);
      await manager.insert(OwnershipTransferEntity, {
        id,
        companyId: request.companyId,
        fromUserId: userId,
        toUserId: request.toUserId,
        tokenHash: sha256Hex(token),
        expiresAt,
      });
      return {
        transferId: id,
        companyId: request.companyId,
        toUserId: request.toUserId,
        token,
        expiresAt: expiresAt.toISOString(),
      };
    });
  }

  /** The target accepts: becomes owner; the previous owner stays as admin. 410 when used or expired. */
  async acceptOwnershipTransfer(
    userId: string,
    request: AcceptOwnershipTransferRequest,
    meta: RequestMeta,
  ): Promise<CompanyResponse> {
    return this.dataSource.transaction(async (manager) => {
      const transfer = await manager
        .createQueryBuilder(OwnershipTransferEntity, 't')
        .where('t.token_hash = :hash', { hash: sha256Hex(request.token) })
        .setLock('pessimistic_write')
        .getOne();
      if (!transfer || transfer.toUserId !== userId)
        throw new AppError('NOT_FOUND', 'No such ownership transfer for you');
      if (transfer.usedAt) throw new AppError('GONE', 'This transfer token was already used or replaced');
      if (transfer.expiresAt.getTime() < Date.now())
        throw new AppError('GONE', 'This transfer token has expired');
      await this.access.require(userId, transfer.companyId, 'read', manager, { lock: true });
      await manager.update(OwnershipTransferEntity, { id: transfer.id }, { usedAt: new Date() });
      const key = { companyId: transfer.companyId };
      await this.writer.changeRole(manager, { ...key, userId, role: 'owner' }, meta);
      const previous = await manager.findOneBy(MembershipEntity, { ...key, userId: transfer.fromUserId });
      if (previous?.role === 'owner')
        await this.writer.changeRole(manager, { ...key, userId: transfer.fromUserId, role: 'admin' }, meta);
      return toCompanyResponse(await this.load(transfer.companyId, manager), 'owner');
    });
  }

  private async emitBranding(manager: EntityManager, companyId: string, meta: RequestMeta) {
    const company = await this.load(companyId, manager);
    await this.outbox.add(
      manager,
      CompanyBrandingUpdated,
      {
        companyId,
        primaryColor: company.primaryColor,
        billingEmail: company.billingEmail,
        logoUrl: logoUrlOf(company),
        updatedAt: company.updatedAt.toISOString(),
      },
      eventMetaOf(meta, companyId),
    );
    return toBrandingResponse(company);
  }

  private async emitUpdated(manager: EntityManager, company: CompanyEntity, meta: RequestMeta) {
    await this.outbox.add(
      manager,
      CompanyUpdated,
      {
        companyId: company.id,
        name: company.name,
        description: company.description,
        updatedAt: company.updatedAt.toISOString(),
      },
      eventMetaOf(meta, company.id),
    );
  }

  private async load(
    companyId: string,
    manager?: EntityManager,
    includeDeleted = false,
  ): Promise<CompanyEntity> {
    const company = await (manager ?? this.dataSource.manager).findOneBy(CompanyEntity, { id: companyId });
    if (!company || (company.deletedAt && !includeDeleted)) throw notFound();
    return company;
  }
}
