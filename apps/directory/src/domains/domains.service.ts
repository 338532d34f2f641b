import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  AddDomainRequest,
  AppError,
  DOMAIN_TXT_PREFIX,
  DomainRemoved,
  DomainResponse,
  DomainSsoUpdated,
  DomainVerified,
  ListQuery,
  Page,
  SetDomainSsoRequest,
  UpdateDomainRequest,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { applyListQuery, ColumnMap } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import { CompanyDomainEntity } from './company-domain.entity';
import { DnsTxtLookup } from './dns-txt-lookup';
import { normalizeDomain } from './domain-name';

export const DOMAIN_COLUMNS: ColumnMap = {
  domain: 'd.domain',
  createdAt: 'd.created_at',
  verifiedAt: 'd.verified_at',
};

const notFound = () => new AppError('NOT_FOUND', 'Domain not found');
const claimedElsewhere = (domain: string) =>
  new AppError('CONFLICT', `${domain} is already verified by another company`);

export function toDomainResponse(d: CompanyDomainEntity): DomainResponse {
  return {
    id: d.id,
    companyId: d.companyId,
    domain: d.domain,
    verificationToken: d.verificationToken,
    txtRecord: `${DOMAIN_TXT_PREFIX}${d.verificationToken}`,
    verified: d.verifiedAt !== null,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    autoJoin: d.autoJoin,
    sso: d.sso,
    createdAt: d.createdAt.toISOString(),
  };
}

const isUniqueViolation = (e: unknown) =>
  e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';

@Injectable()
export class DomainsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
    private readonly dns: DnsTxtLookup,
  ) {}

  async add(userId: string, request: AddDomainRequest): Promise<DomainResponse> {
    await this.access.require(userId, request.companyId, 'manage');
    const domain = normalizeDomain(request.domain);
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.verifiedOwner(manager, domain);
      if (owner && owner !== request.companyId) throw claimedElsewhere(domain);
      const id = randomUUID();
      try {
        await manager.insert(CompanyDomainEntity, {
          id,
          companyId: request.companyId,
          domain,
          verificationToken: randomBytes(24).toString('base64url'),
          autoJoin: false,
          sso: null,
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('CONFLICT', `${domain} is already added to this company`);
        throw error;
      }
      return toDomainResponse(await manager.findOneByOrFail(CompanyDomainEntity, { id }));
    });
  }

  async list(
    userId: string,
    companyId: string,
    query: ListQuery,
  ): Promise<Page<DomainResponse> & { verified: number }> {
    await this.access.require(userId, companyId, 'manage');
    const qb = this.dataSource.manager
      .createQueryBuilder(CompanyDomainEntity, 'd')
      .where('d.company_id = :companyId', { companyId });
    applyListQuery(qb, query, DOMAIN_COLUMNS, 'd.id');
    const [[items, total], verified] = await Promise.all([
      qb.getManyAndCount(),
      this.dataSource.manager
        .createQueryBuilder(CompanyDomainEntity, 'd')
        .where('d.company_id = :companyId AND d.verified_at IS NOT NULL', { companyId })
        .getCount(),
    ]);
    return { items: items.map(toDomainResponse), total, limit: query.limit, skip: query.skip, verified };
  }

  async get(userId: string, companyId: string, domainId: string): Promise<DomainResponse> {
    await this.access.require(userId, companyId, 'manage');
    const found = await this.dataSource.manager.findOneBy(CompanyDomainEntity, { id: domainId, companyId });
    if (!found) throw notFound();
    return toDomainResponse(found);
  }

  /** Looks for `roster-verification=<token>` among the domain's TXT records. */
  async verify(
    userId: string,
    companyId: string,
    domainId: string,
    meta: RequestMeta,
  ): Promise<DomainResponse> {
    await this.access.require(userId, companyId, 'manage');
    const found = await this.dataSource.manager.findOneBy(CompanyDomainEntity, { id: domainId, companyId });
    if (!found) throw notFound();
    if (found.verifiedAt) return toDomainResponse(found);
    // The lookup happens outside the transaction: no row stays locked while DNS answers.
    const records = await this.dns.txt(found.domain);
    if (!records.includes(`${DOMAIN_TXT_PREFIX}${found.verificationToken}`))
      throw new AppError(
        'UNPROCESSABLE',
        `No TXT record "${DOMAIN_TXT_PREFIX}${found.verificationToken}" found on ${found.domain}`,
      );
    try {
      return await this.dataSource.transaction(async (manager) => {
        const domain = await this.lock(manager, companyId, domainId);
        if (domain.verifiedAt) return toDomainResponse(domain);
        const owner = await this.verifiedOwner(manager, domain.domain);
        if (owner && owner !== companyId) throw claimedElsewhere(domain.domain);
        const verifiedAt = new Date();
        await manager.update(CompanyDomainEntity, { id: domain.id }, { verifiedAt });
        await this.outbox.add(
          manager,
          DomainVerified,
          { companyId, domain: domain.domain, verifiedAt: verifiedAt.toISOString() },
          eventMetaOf(meta, companyId),
        );
        return toDomainResponse({ ...domain, verifiedAt });
      });
    } catch (error) {
      // Two companies verifying at once: the partial unique index lets only one win.
      if (isUniqueViolation(error)) throw claimedElsewhere(found.domain);
      throw error;
    }
  }

  async remove(
    userId: string,
    companyId: string,
    domainId: string,
    meta: RequestMeta,
  ): Promise<{ removed: true }> {
    await this.access.require(userId, companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const domain = await this.lock(manager, companyId, domainId);
      await manager.delete(CompanyDomainEntity, { id: domain.id });
      if (domain.verifiedAt)
        await this.outbox.add(
          manager,
          DomainRemoved,
          { companyId, domain: domain.domain, removedAt: new Date().toISOString() },
          eventMetaOf(meta, companyId),
        );
      return { removed: true as const };
    });
  }

  async update(userId: string, request: UpdateDomainRequest): Promise<DomainResponse> {
    await this.access.require(userId, request.companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const domain = await this.lock(manager, request.companyId, request.domainId);
      if (!domain.verifiedAt) throw new AppError('CONFLICT', 'Verify the domain first');
      if (request.autoJoin !== undefined) domain.autoJoin = request.autoJoin;
      await manager.update(CompanyDomainEntity, { id: domain.id }, { autoJoin: domain.autoJoin });
      return toDomainResponse(domain);
    });
  }

  async setSso(userId: string, request: SetDomainSsoRequest, meta: RequestMeta): Promise<DomainResponse> {
    await this.access.require(userId, request.companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const domain = await this.lock(manager, request.companyId, request.domainId);
      if (!domain.verifiedAt) throw new AppError('CONFLICT', 'SSO needs a verified domain');
      const sso = request.sso
        ? {
            enabled: request.sso.enabled,
            protocol: request.sso.protocol,
            loginUrl: request.sso.loginUrl,
            issuer: request.sso.issuer ?? null,
            clientId: request.sso.clientId ?? null,
          }
        : null;
      await manager.update(CompanyDomainEntity, { id: domain.id }, { sso: sso });
      await this.outbox.add(
        manager,
        DomainSsoUpdated,
        { companyId: request.companyId, domain: domain.domain, sso, updatedAt: new Date().toISOString() },
        eventMetaOf(meta, request.companyId),
      );
      return toDomainResponse({ ...domain, sso });
    });
  }

  private async lock(manager: EntityManager, companyId: string, id: string): Promise<CompanyDomainEntity> {
    const domain = await manager
      .createQueryBuilder(CompanyDomainEntity, 'd')
      .where('d.id = :id AND d.company_id = :companyId', { id, companyId })
      .setLock('pessimistic_write')
      .getOne();
    if (!domain) throw notFound();
    return domain;
  }

  private async verifiedOwner(manager: EntityManager, domain: string): Promise<string | null> {
    const row = await manager
      .createQueryBuilder(CompanyDomainEntity, 'd')
      .innerJoin('companies', 'c', 'c.id = d.company_id AND c.deleted_at IS NULL')
      .where('d.domain = :domain AND d.verified_at IS NOT NULL', { domain })
      .getOne();
    return row?.companyId ?? null;
  }
}
