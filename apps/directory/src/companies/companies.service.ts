import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  CompanyAccessResponse,
  CompanyCreated,
  CompanyDeleted,
  CompanyResponse,
  CompanyUpdated,
  CreateCompanyRequest,
  ListQuery,
  MemberAdded,
  Page,
  UpdateCompanyRequest,
} from '@roster/contracts';
import { EventMeta, OutboxService, RequestMeta } from '@roster/messaging';
import { CompaniesRepository } from './companies.repository';
import { toCompanyResponse } from './companies.mapper';
import { assertCompanyRole } from './company-policy';
import { CompanyEntity } from './company.entity';
import { MembershipEntity } from './membership.entity';

const notFound = () => new AppError('NOT_FOUND', 'Company not found');

@Injectable()
export class CompaniesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: CompaniesRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The creator becomes the owner; `company.created` and `member.added` leave in the same commit. */
  async create(userId: string, request: CreateCompanyRequest, meta: RequestMeta): Promise<CompanyResponse> {
    const id = randomUUID();
    const name = request.name.trim();
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
        { field: 'name', message: 'must not be blank' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(CompanyEntity, {
        id,
        name,
        description: request.description ?? null,
        createdBy: userId,
      });
      await manager.insert(MembershipEntity, { companyId: id, userId, role: 'owner' });
      const created = await this.companies.findForUser(userId, id, manager);
      if (!created) throw new Error('company vanished inside its own transaction');
      const at = created.company.createdAt.toISOString();
      const eventMeta = this.eventMeta(id, meta);
      await this.outbox.add(
        manager,
        CompanyCreated,
        { companyId: id, name, ownerUserId: userId, createdAt: at },
        eventMeta,
      );
      await this.outbox.add(
        manager,
        MemberAdded,
        // The first member change of a new company: sequence 1, one active seat.
        { companyId: id, userId, role: 'owner', status: 'active', sequence: 1, activeSeats: 1, at },
        eventMeta,
      );
      return toCompanyResponse(created);
    });
  }

  async list(userId: string, query: ListQuery): Promise<Page<CompanyResponse>> {
    const { rows, total } = await this.companies.listForUser(userId, query);
    return { items: rows.map(toCompanyResponse), total, limit: query.limit, skip: query.skip };
  }

  async get(userId: string, companyId: string): Promise<CompanyResponse> {
    const found = await this.companies.findForUser(userId, companyId);
    if (!found) throw notFound();
    return toCompanyResponse(found);
  }

  async update(userId: string, request: UpdateCompanyRequest, meta: RequestMeta): Promise<CompanyResponse> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.companies.findForUser(userId, request.companyId, manager);
      if (!found) throw notFound();
      assertCompanyRole(found.role, 'update');
      const changes: Partial<CompanyEntity> = {};
      if (request.name !== undefined) {
        changes.name = request.name.trim();
        if (!changes.name)
          throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
            { field: 'name', message: 'must not be blank' },
          ]);
      }
      if (request.description !== undefined) changes.description = request.description;
      if (Object.keys(changes).length === 0) return toCompanyResponse(found);
      await manager.update(CompanyEntity, { id: request.companyId }, changes);
      const updated = await this.companies.findForUser(userId, request.companyId, manager);
      const company = updated!.company;
      await this.outbox.add(
        manager,
        CompanyUpdated,
        {
          companyId: company.id,
          name: company.name,
          description: company.description,
          updatedAt: company.updatedAt.toISOString(),
        },
        this.eventMeta(company.id, meta),
      );
      return toCompanyResponse(updated!);
    });
  }

  async delete(userId: string, companyId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.companies.findForUser(userId, companyId, manager);
      if (!found) throw notFound();
      assertCompanyRole(found.role, 'delete');
      const deletedAt = new Date();
      await manager.update(CompanyEntity, { id: companyId }, { deletedAt });
      await this.outbox.add(
        manager,
        CompanyDeleted,
        { companyId, deletedAt: deletedAt.toISOString() },
        this.eventMeta(companyId, meta),
      );
      return { deleted: true as const };
    });
  }

  /** For other contexts: the user's role in the company, or 404 when not a member. */
  async checkAccess(companyId: string, userId: string): Promise<CompanyAccessResponse> {
    const role = await this.companies.roleOf(userId, companyId);
    if (!role) throw notFound();
    return { companyId, userId, role, via: 'member' };
  }

  private eventMeta(companyId: string, meta: RequestMeta): EventMeta {
    return {
      tenantId: companyId,
      actor: meta.actor,
      correlationId: meta.requestId,
      causationId: meta.requestId,
    };
  }
}
