import { Controller, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListGroupsOf } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ListQueryDto } from '../common/list-query.dto';
import { listOf, ReverseLookupRoute, uuidPath } from '../common/link-routes';
import { Meta } from '../common/request-meta.decorator';
import { GROUP_LIST_SPEC, GroupWithRolePageDto } from './dto/group.dto';

const company = () => uuidPath('companyId');

/** Reverse look-ups: the groups of a member (as member or leader), of a contact, of an application. */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class GroupsOfController {
  constructor(private readonly bus: BusClient) {}

  @ReverseLookupRoute('members/:userId/groups', GroupWithRolePageDto, '`as`: member or leader')
  ofMember(
    @company() companyId: string,
    @uuidPath('userId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'member' as const, subjectId };
    return listOf(this.bus, ListGroupsOf, GROUP_LIST_SPEC, subject, q, meta);
  }

  @ReverseLookupRoute('contacts/:contactId/groups', GroupWithRolePageDto)
  ofContact(
    @company() companyId: string,
    @uuidPath('contactId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'contact' as const, subjectId };
    return listOf(this.bus, ListGroupsOf, GROUP_LIST_SPEC, subject, q, meta);
  }

  @ReverseLookupRoute('applications/:applicationId/groups', GroupWithRolePageDto)
  ofApplication(
    @company() companyId: string,
    @uuidPath('applicationId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'application' as const, subjectId };
    return listOf(this.bus, ListGroupsOf, GROUP_LIST_SPEC, subject, q, meta);
  }
}
