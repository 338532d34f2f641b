import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, MemberImportFailure, MemberImportReport } from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { CompanyAccessService } from '../access/company-access.service';
import { usersWithEmailSql } from '../contact-methods/user-emails';
import { MembershipEntity } from '../companies/membership.entity';
import { InvitationEntity } from '../invitations/invitation.entity';
import { InvitationsService } from '../invitations/invitations.service';
import { MembershipWriter } from '../access/membership-writer';
import { grantMembership } from '../invitations/membership-grant';
import { SeatGate } from '../invitations/seat-gate';
import { ProfileEntity } from '../profiles/profile.entity';
import { parseMemberCsv } from './member-csv';

/**
 * CSV member import: existing users become members, unknown e-mails are invited. Billing is asked once
 * how many of the usable rows fit; rows past that fail with `maxSubscriptionSizeReached`. Everything
 * runs in one transaction, so a fatal error leaves nothing half imported.
 */
@Injectable()
export class MemberImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
    private readonly invitations: InvitationsService,
    private readonly seats: SeatGate,
    private readonly members: MembershipWriter,
  ) {}

  async import(
    userId: string,
    companyId: string,
    csv: string,
    meta: RequestMeta,
  ): Promise<MemberImportReport> {
    await this.access.require(userId, companyId, 'manage');
    const parsed = parseMemberCsv(csv);
    const failures: MemberImportFailure[] = [...parsed.failures];
    const seats = await this.seats.check(companyId, parsed.rows.length, meta);
    const eventMeta = eventMetaOf(meta, companyId);
    const report = await this.dataSource.transaction(async (manager) => {
      let created = 0;
      let invited = 0;
      let maxReached = false;
      for (const row of parsed.rows) {
        const profile = await manager
          .createQueryBuilder(ProfileEntity, 'p')
          .where('lower(p.email) = :email', { email: row.email })
          .getOne();
        const alreadyMember = await manager
          .createQueryBuilder(MembershipEntity, 'm')
          .where(`m.company_id = :companyId AND m.user_id IN (${usersWithEmailSql('lower(:email)')})`, {
            companyId,
            email: row.email,
          })
          .getExists();
        if (alreadyMember) {
          failures.push({ line: row.line, email: row.email, reason: 'already a member' });
          continue;
        }
        const pending = await manager
          .createQueryBuilder(InvitationEntity, 'i')
          .where(
            `i.company_id = :companyId AND lower(i.email) = :email AND i.status = 'pending' AND i.expires_at > now()`,
            {
              companyId,
              email: row.email,
            },
          )
          .getExists();
        if (pending) {
          failures.push({ line: row.line, email: row.email, reason: 'already invited' });
          continue;
        }
        if (created + invited >= seats.allowed) {
          maxReached = true;
          failures.push({ line: row.line, email: row.email, reason: 'no seat left in the subscription' });
          continue;
        }
        if (profile) {
          await grantMembership(
            manager,
            this.members,
            { companyId, userId: profile.userId, role: row.role },
            eventMeta,
          );
          created++;
        } else {
          await this.invitations.invite(
            manager,
            { companyId, email: row.email, role: row.role, invitedBy: userId },
            eventMeta,
          );
          invited++;
        }
      }
      return { created, invited, maxReached };
    });
    failures.sort((a, b) => a.line - b.line);
    if (report.created + report.invited + failures.length !== parsed.total)
      throw new AppError('INTERNAL', 'The import report does not add up');
    return {
      total: parsed.total,
      created: report.created,
      invited: report.invited,
      failed: failures.length,
      failures,
      maxSubscriptionSizeReached: report.maxReached,
    };
  }
}
