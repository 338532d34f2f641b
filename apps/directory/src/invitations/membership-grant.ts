import { EntityManager } from 'typeorm';
import { CompanyRole } from '@roster/contracts';
import { EventMeta, RequestMeta } from '@roster/messaging';
import { MembershipWriter } from '../access/membership-writer';
import { MembershipEntity } from '../companies/membership.entity';

/**
 * How invitations, signup requests, domain auto-join and the CSV import add a member: through the one
 * MembershipWriter (company lock, member sequence, MemberAdded and the member log in the caller's
 * transaction). Accepts the metadata of a request, or of the event being handled (a sign-up that
 * completes a pending invitation).
 */
export function grantMembership(
  manager: EntityManager,
  members: MembershipWriter,
  grant: { companyId: string; userId: string; role: CompanyRole },
  meta: RequestMeta | EventMeta,
): Promise<MembershipEntity> {
  const requestMeta: RequestMeta =
    'requestId' in meta
      ? meta
      : {
          requestId: meta.correlationId ?? 'event',
          actor: meta.actor,
          ip: meta.ip ?? undefined,
          userAgent: meta.userAgent ?? undefined,
        };
  return members.addMember(manager, grant, requestMeta);
}
