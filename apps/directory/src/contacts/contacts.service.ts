import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CONTACT_IMPORT_MAX_ROWS,
  ContactConversionRequested,
  ContactConverted,
  ContactCreated,
  ContactDeleted,
  ContactResponse,
  ContactsImported,
  ContactStatus,
  ContactUpdated,
  CreateContactRequest,
  EventEnvelope,
  ImportContactsRequest,
  ImportContactsResponse,
  ListQuery,
  MemberChangeData,
  Page,
  UpdateContactRequest,
} from '@roster/contracts';
import { EventMeta, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { ColumnMap } from '@roster/persistence';
import { InvitationsService } from '../invitations/invitations.service';
import { SeatGate } from '../invitations/seat-gate';
import { CompanyAccessService } from '../access/company-access.service';
import { blankCheck, iso, pageOf, requireThing, uniqueOr409 } from '../groups/org-support';

export const CONTACT_COLUMNS: ColumnMap = {
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  email: 'c.email',
  status: 'c.status',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

export function toContactResponse(row: Record<string, unknown>): ContactResponse {
  const firstName = row.first_name as string;
  const lastName = row.last_name as string;
  return {
    id: row.id as string,
    companyId: row.company_id as string,
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`.trim(),
    email: row.email as string,
    phone: (row.phone as string | null) ?? null,
    status: row.status as ContactStatus,
    userId: (row.user_id as string | null) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Contacts: people of a company who are not users. A contact can be converted: the request is recorded
 * (`pending_conversion`, event ContactConversionRequested for the invitations feature), and the contact is
 * linked to the user once that e-mail's user joins the company (MemberAdded) — at once if they already have.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
    private readonly invitations: InvitationsService,
    private readonly seats: SeatGate,
  ) {}

  private async load(companyId: string, id: string, manager?: EntityManager): Promise<ContactResponse> {
    return toContactResponse(
      await requireThing(manager ?? this.dataSource.manager, 'contact', companyId, id),
    );
  }

  private changed(contact: ContactResponse) {
    return {
      companyId: contact.companyId,
      contactId: contact.id,
      email: contact.email,
      status: contact.status,
      userId: contact.userId,
    };
  }

  private async insert(
    manager: EntityManager,
    companyId: string,
    fields: Omit<CreateContactRequest, 'companyId'>,
  ) {
    const id = randomUUID();
    const rows: unknown[] = await manager.query(
      `INSERT INTO contacts (id, company_id, first_name, last_name, email, phone) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        companyId,
        fields.firstName.trim(),
        (fields.lastName ?? '').trim(),
        fields.email.trim(),
        fields.phone ?? null,
      ],
    );
    return rows.length ? id : null;
  }

  async create(userId: string, request: CreateContactRequest, meta: RequestMeta): Promise<ContactResponse> {
    blankCheck('firstName', request.firstName);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      const id = await this.insert(manager, request.companyId, request);
      if (!id) throw new AppError('CONFLICT', `A contact with e-mail ${request.email} already exists`);
      const contact = await this.load(request.companyId, id, manager);
      await this.outbox.add(
        manager,
        ContactCreated,
        this.changed(contact),
        eventMetaOf(meta, request.companyId),
      );
      return contact;
    });
  }

  async get(userId: string, companyId: string, contactId: string): Promise<ContactResponse> {
    await this.access.require(userId, companyId, 'read');
    return this.load(companyId, contactId);
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<ContactResponse>> {
    await this.access.require(userId, companyId, 'read');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('c.*')
      .from('contacts', 'c')
      .where('c.company_id = :companyId', { companyId });
    return pageOf(qb, query, CONTACT_COLUMNS, 'c.id', toContactResponse);
  }

  async update(userId: string, request: UpdateContactRequest, meta: RequestMeta): Promise<ContactResponse> {
    const firstName = blankCheck('firstName', request.firstName);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await requireThing(manager, 'contact', request.companyId, request.contactId, true);
      const sets: string[] = [];
      const params: unknown[] = [request.contactId];
      if (firstName !== undefined) sets.push(`first_name = $${params.push(firstName)}`);
      if (request.lastName !== undefined) sets.push(`last_name = $${params.push(request.lastName.trim())}`);
      if (request.email !== undefined) sets.push(`email = $${params.push(request.email.trim())}`);
      if (request.phone !== undefined) sets.push(`phone = $${params.push(request.phone)}`);
      if (sets.length)
        await uniqueOr409(
          () =>
            manager.query(`UPDATE contacts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params),
          `A contact with e-mail ${request.email} already exists`,
        );
      const contact = await this.load(request.companyId, request.contactId, manager);
      if (sets.length)
        await this.outbox.add(
          manager,
          ContactUpdated,
          this.changed(contact),
          eventMetaOf(meta, request.companyId),
        );
      return contact;
    });
  }

  async delete(userId: string, companyId: string, contactId: string, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      const contact = await this.load(companyId, contactId, manager);
      await manager.query(`DELETE FROM contacts WHERE id = $1`, [contactId]);
      await this.outbox.add(manager, ContactDeleted, this.changed(contact), eventMetaOf(meta, companyId));
      return { deleted: true as const };
    });
  }

  /**
   * CSV import: a header row naming email, first_name (required), last_name, phone in any order. Rows with
   * an e-mail the company already has are skipped; invalid rows are reported by line. All in one transaction.
   */
  async import(
    userId: string,
    request: ImportContactsRequest,
    meta: RequestMeta,
  ): Promise<ImportContactsResponse> {
    let records: Record<string, string>[];
    try {
      records = parse(request.csv, {
        columns: (header: string[]) =>
          header.map((h) =>
            h
              .trim()
              .toLowerCase()
              .replace(/[\s-]+/g, '_'),
          ),
        skip_empty_lines: true,
        trim: true,
        bom: true,
      });
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', `csv: ${(error as Error).message}`, [
        { field: 'csv', message: 'is not valid CSV' },
      ]);
    }
    if (records.length > CONTACT_IMPORT_MAX_ROWS)
      throw new AppError('PAYLOAD_TOO_LARGE', `At most ${CONTACT_IMPORT_MAX_ROWS} contacts per import`);
    if (records.length && !('email' in records[0] && 'first_name' in records[0]))
      throw new AppError('UNPROCESSABLE', 'The header row must name at least email and first_name', [
        { field: 'csv', message: 'header needs email and first_name' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      const result: ImportContactsResponse = { total: records.length, created: 0, skipped: 0, failed: [] };
      for (const [index, record] of records.entries()) {
        const line = index + 2; // 1-based, after the header
        const email = record.email ?? '';
        const firstName = record.first_name ?? '';
        if (!EMAIL.test(email) || email.length > 254) {
          result.failed.push({ line, message: 'email is not a valid e-mail address' });
          continue;
        }
        if (!firstName || firstName.length > 120) {
          result.failed.push({ line, message: 'first_name is required (at most 120 characters)' });
          continue;
        }
        const id = await this.insert(manager, request.companyId, {
          email,
          firstName,
          lastName: (record.last_name ?? '').slice(0, 120),
          phone: record.phone ? record.phone.slice(0, 40) : null,
        });
        if (id) result.created++;
        else result.skipped++;
      }
      await this.outbox.add(
        manager,
        ContactsImported,
        {
          companyId: request.companyId,
          total: result.total,
          created: result.created,
          skipped: result.skipped,
          failed: result.failed.length,
        },
        eventMetaOf(meta, request.companyId),
      );
      return result;
    });
  }

  /** Records the conversion; links at once when the e-mail's user is already a member. 409 if converted. */
  async convert(
    userId: string,
    companyId: string,
    contactId: string,
    meta: RequestMeta,
  ): Promise<ContactResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      const contact = toContactResponse(await requireThing(manager, 'contact', companyId, contactId, true));
      if (contact.status === 'converted') throw new AppError('CONFLICT', 'The contact is already a user');
      const eventMeta = eventMetaOf(meta, companyId);
      const [member] = await manager.query<{ user_id: string }[]>(
        `SELECT m.user_id FROM memberships m JOIN profiles p ON p.user_id = m.user_id
         WHERE m.company_id = $1 AND lower(p.email) = lower($2)`,
        [companyId, contact.email],
      );
      if (member) {
        await this.markConverted(manager, [contactId], member.user_id, eventMeta);
      } else {
        await manager.query(
          `UPDATE contacts SET status = 'pending_conversion', updated_at = now() WHERE id = $1`,
          [contactId],
        );
        const pending = await this.load(companyId, contactId, manager);
        await this.outbox.add(manager, ContactConversionRequested, this.changed(pending), eventMeta);
        // The invitation (and its e-mail) goes out in the same transaction; accepting it links the contact.
        const seats = await this.seats.check(companyId, 1, meta);
        if (seats.allowed < 1)
          throw new AppError(
            'CONFLICT',
            'No seat is left in the company’s subscription (maxSubscriptionSizeReached)',
          );
        await this.invitations.invite(
          manager,
          { companyId, email: contact.email, role: 'member', invitedBy: userId },
          eventMeta,
        );
      }
      return this.load(companyId, contactId, manager);
    });
  }

  /** MemberAdded: contacts of that company waiting for this user's e-mail become linked to the user. */
  async linkJoinedMember(event: EventEnvelope<MemberChangeData>, manager: EntityManager): Promise<void> {
    const { companyId, userId } = event.data;
    const rows = await manager.query<{ id: string }[]>(
      `SELECT c.id FROM contacts c JOIN profiles p ON lower(p.email) = lower(c.email)
       WHERE c.company_id = $1 AND p.user_id = $2 AND c.status = 'pending_conversion'`,
      [companyId, userId],
    );
    if (!rows.length) return;
    await this.markConverted(
      manager,
      rows.map((r) => r.id),
      userId,
      {
        tenantId: companyId,
        actor: event.actor,
        causationId: event.eventId,
        correlationId: event.correlationId,
      },
    );
  }

  private async markConverted(manager: EntityManager, ids: string[], userId: string, eventMeta: EventMeta) {
    const rows = await manager.query<[Record<string, unknown>[], number]>(
      `UPDATE contacts SET status = 'converted', user_id = $2, updated_at = now() WHERE id = ANY($1) RETURNING *`,
      [ids, userId],
    );
    for (const row of rows[0])
      await this.outbox.add(manager, ContactConverted, this.changed(toContactResponse(row)), eventMeta);
  }
}
