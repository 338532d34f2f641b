import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddProviderAdministratorRequest,
  ProviderAccessResponse,
  ProviderCustomersResponse,
  AppError,
  CreateCustomerRequest,
  CreateProviderRequest,
  CustomerExistsRequest,
  CustomerRequest,
  CustomerResponse,
  ImportCustomersRequest,
  ListQuery,
  Page,
  ProviderAdministratorRequest,
  ProviderAdministratorResponse,
  ProviderResponse,
  ProviderRole,
  UpdateCustomerRequest,
  UpdateProviderRequest,
} from '@roster/contracts';
import { applyListQuery, ColumnMap, rawPage, totalOf } from '@roster/persistence';
import { RequestMeta } from '@roster/messaging';
import { MembershipWriter } from '../access/membership-writer';
import { CompaniesService } from '../companies/companies.service';
import { CompanyEntity } from '../companies/company.entity';
import { MembersRepository } from '../members/members.repository';
import { ProfileEntity } from '../profiles/profile.entity';
import { customersToCsv, parseCustomersCsv } from './customers-csv';
import { ProviderAdministratorEntity } from './provider-administrator.entity';
import { ProviderEntity } from './provider.entity';

export const CUSTOMER_COLUMNS: ColumnMap = {
  name: 'c.name',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

export const PROVIDER_COLUMNS: ColumnMap = { name: 'p.name', createdAt: 'p.created_at' };

export const PROVIDER_ADMINISTRATOR_COLUMNS: ColumnMap = {
  email: 'p.email',
  displayName: 'p.display_name',
  role: 'a.role',
  createdAt: 'a.created_at',
};

interface AdministratorRow {
  provider_id: string;
  user_id: string;
  email: string | null;
  display_name: string | null;
  role: ProviderRole;
  created_at: Date;
}

function toAdministrator(r: AdministratorRow): ProviderAdministratorResponse {
  return {
    providerId: r.provider_id,
    userId: r.user_id,
    email: r.email ?? '',
    displayName: r.display_name ?? '',
    role: r.role,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

const providerNotFound = () => new AppError('NOT_FOUND', 'Provider not found');
const customerNotFound = () => new AppError('NOT_FOUND', 'Customer not found');
const EXPORT_MAX = 10_000;

interface CustomerRow {
  id: string;
  provider_id: string;
  name: string;
  description: string | null;
  active_seats: number;
  created_at: Date;
  updated_at: Date;
}
const toCustomer = (r: CustomerRow): CustomerResponse => ({
  id: r.id,
  providerId: r.provider_id,
  name: r.name,
  description: r.description,
  activeSeats: Number(r.active_seats),
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/**
 * Providers (MSPs): their administrators and their customer companies. Every call checks the caller is an
 * administrator of that provider (404 otherwise); owner-only actions are 403 for plain administrators.
 */
@Injectable()
export class ProvidersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: CompaniesService,
    private readonly writer: MembershipWriter,
    private readonly members: MembersRepository,
  ) {}

  async create(userId: string, request: CreateProviderRequest): Promise<ProviderResponse> {
    const name = request.name.trim();
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
        { field: 'name', message: 'must not be blank' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      await manager.insert(ProviderEntity, {
        id,
        name,
        createdBy: userId,
        customersMayCreateCompanies: true,
      });
      await manager.insert(ProviderAdministratorEntity, { providerId: id, userId, role: 'owner' });
      return this.toProvider(await manager.findOneByOrFail(ProviderEntity, { id }), 'owner');
    });
  }

  async listMine(userId: string, query: ListQuery): Promise<Page<ProviderResponse>> {
    const qb = this.dataSource.manager
      .createQueryBuilder(ProviderEntity, 'p')
      .innerJoin(ProviderAdministratorEntity, 'a', 'a.provider_id = p.id AND a.user_id = :userId', { userId })
      .addSelect('a.role', 'a_role');
    applyListQuery(qb, query, PROVIDER_COLUMNS, 'p.id');
    const [{ entities, raw }, total] = await Promise.all([
      qb.getRawAndEntities<{ a_role: ProviderRole; p_id: string }>(),
      totalOf(qb),
    ]);
    const roles = new Map(raw.map((r) => [r.p_id, r.a_role]));
    return {
      items: entities.map((p) => this.toProvider(p, roles.get(p.id)!)),
      total,
      limit: query.limit,
      skip: query.skip,
    };
  }

  async get(userId: string, providerId: string): Promise<ProviderResponse> {
    const role = await this.requireRole(userId, providerId, 'admin');
    return this.toProvider(
      await this.dataSource.manager.findOneByOrFail(ProviderEntity, { id: providerId }),
      role,
    );
  }

  async update(userId: string, request: UpdateProviderRequest): Promise<ProviderResponse> {
    return this.dataSource.transaction(async (manager) => {
      const role = await this.requireRole(userId, request.providerId, 'owner', manager);
      const changes: Partial<ProviderEntity> = {};
      if (request.name !== undefined) changes.name = request.name.trim();
      if (request.customersMayCreateCompanies !== undefined)
        changes.customersMayCreateCompanies = request.customersMayCreateCompanies;
      if (changes.name === '')
        throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
          { field: 'name', message: 'must not be blank' },
        ]);
      if (Object.keys(changes).length)
        await manager.update(ProviderEntity, { id: request.providerId }, changes);
      return this.toProvider(await manager.findOneByOrFail(ProviderEntity, { id: request.providerId }), role);
    });
  }

  async addAdministrator(
    userId: string,
    request: AddProviderAdministratorRequest,
  ): Promise<ProviderAdministratorResponse> {
    return this.dataSource.transaction(async (manager) => {
      const role = await this.requireRole(userId, request.providerId, 'admin', manager);
      if (request.role === 'owner' && role !== 'owner')
        throw new AppError('FORBIDDEN', 'Only a provider owner can add owners');
      const targetId = await this.members.findUserIdByEmail(request.email, manager);
      if (!targetId) throw new AppError('NOT_FOUND', 'No user with this e-mail address');
      if (
        await manager.findOneBy(ProviderAdministratorEntity, {
          providerId: request.providerId,
          userId: targetId,
        })
      )
        throw new AppError('CONFLICT', 'This user already administers the provider');
      await manager.insert(ProviderAdministratorEntity, {
        providerId: request.providerId,
        userId: targetId,
        role: request.role,
      });
      return (await this.administrators(manager, request.providerId, targetId))[0];
    });
  }

  async listAdministrators(userId: string, providerId: string) {
    await this.requireRole(userId, providerId, 'admin');
    return { items: await this.administrators(this.dataSource.manager, providerId) };
  }

  /** The administrators with the list grammar: page, sort, filter and the total (v2). */
  async listAdministratorsPage(
    userId: string,
    providerId: string,
    query: ListQuery,
  ): Promise<Page<ProviderAdministratorResponse>> {
    await this.requireRole(userId, providerId, 'admin');
    const qb = this.administratorsQuery(this.dataSource.manager, providerId);
    return rawPage(qb, query, PROVIDER_ADMINISTRATOR_COLUMNS, 'a.user_id', toAdministrator);
  }

  /** Admins remove admins (and themselves); only owners remove owners; the last owner stays (409). */
  async removeAdministrator(userId: string, request: ProviderAdministratorRequest) {
    return this.dataSource.transaction(async (manager) => {
      const role = await this.requireRole(userId, request.providerId, 'admin', manager);
      const target = await manager.findOneBy(ProviderAdministratorEntity, {
        providerId: request.providerId,
        userId: request.userId,
      });
      if (!target) throw new AppError('NOT_FOUND', 'Administrator not found');
      if (target.role === 'owner' && role !== 'owner')
        throw new AppError('FORBIDDEN', 'Only a provider owner can remove an owner');
      if (target.role === 'owner') {
        const owners = await manager.countBy(ProviderAdministratorEntity, {
          providerId: request.providerId,
          role: 'owner',
        });
        if (owners <= 1) throw new AppError('CONFLICT', 'The provider must keep at least one owner');
      }
      await manager.delete(ProviderAdministratorEntity, {
        providerId: request.providerId,
        userId: request.userId,
      });
      return { removed: true as const };
    });
  }

  /** A customer company under the provider; `ownerEmail` (an existing user) becomes its first owner. */
  async createCustomer(
    userId: string,
    request: CreateCustomerRequest,
    meta: RequestMeta,
  ): Promise<CustomerResponse> {
    const name = request.name.trim();
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'name: must not be blank', [
        { field: 'name', message: 'must not be blank' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      await this.requireRole(userId, request.providerId, 'admin', manager);
      if (await this.findCustomerIdByName(manager, request.providerId, name))
        throw new AppError('CONFLICT', `The provider already has a customer named "${name}"`);
      let ownerId: string | null = null;
      if (request.ownerEmail) {
        ownerId = await this.members.findUserIdByEmail(request.ownerEmail, manager);
        if (!ownerId) throw new AppError('NOT_FOUND', 'No user with this e-mail address');
      }
      const company = await this.companies.insertCompany(
        manager,
        { name, description: request.description ?? null, createdBy: userId, providerId: request.providerId },
        ownerId ?? userId,
        meta,
      );
      if (ownerId)
        await this.writer.addMember(manager, { companyId: company.id, userId: ownerId, role: 'owner' }, meta);
      return (await this.customerRows(manager, request.providerId, { companyId: company.id }))[0];
    });
  }

  async listCustomers(userId: string, providerId: string, query: ListQuery): Promise<Page<CustomerResponse>> {
    await this.requireRole(userId, providerId, 'admin');
    const qb = this.customersQuery(this.dataSource.manager, providerId);
    applyListQuery(qb, query, CUSTOMER_COLUMNS, 'c.id');
    const [rows, total] = await Promise.all([qb.getRawMany<CustomerRow>(), totalOf(qb)]);
    return { items: rows.map(toCustomer), total, limit: query.limit, skip: query.skip };
  }

  async getCustomer(userId: string, { providerId, companyId }: CustomerRequest): Promise<CustomerResponse> {
    await this.requireRole(userId, providerId, 'admin');
    const [customer] = await this.customerRows(this.dataSource.manager, providerId, { companyId });
    if (!customer) throw customerNotFound();
    return customer;
  }

  async updateCustomer(
    userId: string,
    request: UpdateCustomerRequest,
    meta: RequestMeta,
  ): Promise<CustomerResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.requireRole(userId, request.providerId, 'admin', manager);
      await this.lockCustomer(manager, request.providerId, request.companyId);
      if (request.name !== undefined) {
        const clash = await this.findCustomerIdByName(manager, request.providerId, request.name.trim());
        if (clash && clash !== request.companyId)
          throw new AppError(
            'CONFLICT',
            `The provider already has a customer named "${request.name.trim()}"`,
          );
      }
      await this.companies.applyUpdate(manager, request.companyId, request, meta);
      return (await this.customerRows(manager, request.providerId, { companyId: request.companyId }))[0];
    });
  }

  async deleteCustomer(userId: string, { providerId, companyId }: CustomerRequest, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      await this.requireRole(userId, providerId, 'admin', manager);
      await this.lockCustomer(manager, providerId, companyId);
      await this.companies.softDelete(manager, companyId, meta);
      return { deleted: true as const };
    });
  }

  async customerExists(userId: string, request: CustomerExistsRequest) {
    await this.requireRole(userId, request.providerId, 'admin');
    const companyId = await this.findCustomerIdByName(
      this.dataSource.manager,
      request.providerId,
      request.name.trim(),
    );
    return { exists: companyId !== null, companyId };
  }

  async exportCustomers(userId: string, providerId: string): Promise<{ csv: string }> {
    await this.requireRole(userId, providerId, 'admin');
    const rows = await this.customersQuery(this.dataSource.manager, providerId)
      .orderBy('c.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(EXPORT_MAX)
      .getRawMany<CustomerRow>();
    return { csv: customersToCsv(rows.map(toCustomer)) };
  }

  /** All or nothing: a bad line, or a name the provider already has, refuses the whole file (400). */
  async importCustomers(userId: string, request: ImportCustomersRequest, meta: RequestMeta) {
    const rows = parseCustomersCsv(request.csv);
    return this.dataSource.transaction(async (manager) => {
      await this.requireRole(userId, request.providerId, 'admin', manager);
      await manager.query(`SELECT id FROM providers WHERE id = $1 FOR UPDATE`, [request.providerId]);
      const existing: { name: string }[] = await manager.query(
        `SELECT lower(name) AS name FROM companies
          WHERE provider_id = $1 AND deleted_at IS NULL AND lower(name) = ANY($2)`,
        [request.providerId, rows.map((r) => r.name.toLowerCase())],
      );
      const taken = new Set(existing.map((e) => e.name));
      const clashes = rows.filter((r) => taken.has(r.name.toLowerCase()));
      if (clashes.length)
        throw new AppError(
          'VALIDATION_FAILED',
          clashes.map((c) => `line ${c.line}: customer "${c.name}" already exists`).join('; '),
          clashes.map((c) => ({ field: `line ${c.line}`, message: `customer "${c.name}" already exists` })),
        );
      for (const row of rows)
        await this.companies.insertCompany(
          manager,
          { name: row.name, description: row.description, createdBy: userId, providerId: request.providerId },
          userId,
          meta,
        );
      return { total: rows.length, created: rows.length };
    });
  }

  /** For billing: a user's standing at a provider (owners and admins administer it), or 404. */
  async checkAccess(providerId: string, userId: string): Promise<ProviderAccessResponse> {
    await this.requireRole(userId, providerId, 'admin');
    return { providerId, userId, role: 'admin' };
  }

  /** For billing: the provider's live customer companies (its invoices and licences). */
  async customersOf(providerId: string): Promise<ProviderCustomersResponse> {
    const provider = await this.dataSource.manager.findOneBy(ProviderEntity, { id: providerId });
    if (!provider) throw providerNotFound();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM companies WHERE provider_id = $1 AND deleted_at IS NULL ORDER BY name, id`,
      [providerId],
    );
    return { providerId, customers: rows.map((r) => ({ companyId: r.id, name: r.name })) };
  }

  /** The caller's role at the provider: 404 when none, 403 when `owner` is needed and they are admin. */
  async requireRole(
    userId: string,
    providerId: string,
    level: ProviderRole,
    manager?: EntityManager,
  ): Promise<ProviderRole> {
    const admin = await (manager ?? this.dataSource.manager).findOneBy(ProviderAdministratorEntity, {
      providerId,
      userId,
    });
    if (!admin) throw providerNotFound();
    if (level === 'owner' && admin.role !== 'owner')
      throw new AppError('FORBIDDEN', 'Only a provider owner may do this');
    return admin.role;
  }

  private toProvider(provider: ProviderEntity, myRole: ProviderRole): ProviderResponse {
    return {
      id: provider.id,
      name: provider.name,
      customersMayCreateCompanies: provider.customersMayCreateCompanies,
      myRole,
      createdAt: provider.createdAt.toISOString(),
      updatedAt: provider.updatedAt.toISOString(),
    };
  }

  private administratorsQuery(manager: EntityManager, providerId: string) {
    return manager
      .createQueryBuilder(ProviderAdministratorEntity, 'a')
      .leftJoin(ProfileEntity, 'p', 'p.user_id = a.user_id')
      .select([
        'a.provider_id AS provider_id',
        'a.user_id AS user_id',
        'a.role AS role',
        'a.created_at AS created_at',
        'p.email AS email',
        'p.display_name AS display_name',
      ])
      .where('a.provider_id = :providerId', { providerId });
  }

  private async administrators(
    manager: EntityManager,
    providerId: string,
    userId?: string,
  ): Promise<ProviderAdministratorResponse[]> {
    const qb = this.administratorsQuery(manager, providerId)
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.user_id', 'ASC');
    if (userId) qb.andWhere('a.user_id = :userId', { userId });
    return (await qb.getRawMany<AdministratorRow>()).map(toAdministrator);
  }

  /** Customers with their active seat count in one query (correlated count on the membership index). */
  private customersQuery(manager: EntityManager, providerId: string) {
    return manager
      .createQueryBuilder(CompanyEntity, 'c')
      .select([
        'c.id AS id',
        'c.provider_id AS provider_id',
        'c.name AS name',
        'c.description AS description',
        'c.created_at AS created_at',
        'c.updated_at AS updated_at',
      ])
      .addSelect(
        `(SELECT count(*)::int FROM memberships m WHERE m.company_id = c.id AND m.status = 'active')`,
        'active_seats',
      )
      .where('c.provider_id = :providerId AND c.deleted_at IS NULL', { providerId });
  }

  private async customerRows(
    manager: EntityManager,
    providerId: string,
    { companyId }: { companyId: string },
  ) {
    const rows = await this.customersQuery(manager, providerId)
      .andWhere('c.id = :companyId', { companyId })
      .getRawMany<CustomerRow>();
    return rows.map(toCustomer);
  }

  private async lockCustomer(manager: EntityManager, providerId: string, companyId: string): Promise<void> {
    const rows: unknown[] = await manager.query(
      `SELECT id FROM companies WHERE id = $1 AND provider_id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [companyId, providerId],
    );
    if (!rows.length) throw customerNotFound();
  }

  private async findCustomerIdByName(
    manager: EntityManager,
    providerId: string,
    name: string,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM companies WHERE provider_id = $1 AND deleted_at IS NULL AND lower(name) = lower($2) LIMIT 1`,
      [providerId, name],
    );
    return rows[0]?.id ?? null;
  }
}
