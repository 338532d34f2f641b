import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AcceptInvitationByToken,
  AcceptMyInvitation,
  CreateInvitation,
  GetInvitation,
  ListInvitations,
  ListMyInvitationsPage,
  RejectMyInvitation,
  ResendInvitation,
  RevokeInvitation,
  INVITATION_STATUSES,
  COMPANY_ROLES,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { ApiIdempotencyKey } from '../common/idempotency-key';
import { Meta } from '../common/request-meta.decorator';
import {
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationAnswerDto,
  InvitationDto,
  InvitationPageDto,
  MyInvitationPageDto,
} from './dto/invitation.dto';

export const INVITATION_LIST_SPEC: ListQuerySpec = {
  sortable: ['email', 'createdAt', 'expiresAt', 'status'],
  filterable: {
    email: filterField.text(['eq', 'search', 'in']),
    status: filterField.enum(INVITATION_STATUSES),
    role: filterField.enum(COMPANY_ROLES, ['eq', 'in']),
    createdAt: filterField.date(),
    expiresAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

export const MY_INVITATION_LIST_SPEC: ListQuerySpec = {
  sortable: ['companyName', 'createdAt', 'expiresAt'],
  filterable: {
    companyName: filterField.text(['eq', 'search']),
    role: filterField.enum(COMPANY_ROLES, ['eq', 'in']),
    createdAt: filterField.date(),
    expiresAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

/** Company admins invite people by e-mail; the invitation e-mail carries a single-use accept link. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller('companies/:companyId/invitations')
export class CompanyInvitationsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: InvitationDto, description: 'Invited; the e-mail goes out' })
  @ApiProblems(400, 401, 403, 404, 409)
  create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateInvitationDto,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationDto> {
    return this.bus.request(CreateInvitation, { companyId, ...body }, meta);
  }

  @Get()
  @ApiOkResponse({ type: InvitationPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationPageDto> {
    return this.bus.request(
      ListInvitations,
      { companyId, query: parseListQuery(query, INVITATION_LIST_SPEC) },
      meta,
    );
  }

  @Get(':invitationId')
  @ApiOkResponse({ type: InvitationDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationDto> {
    return this.bus.request(GetInvitation, { companyId, invitationId }, meta);
  }

  @Post(':invitationId/resend')
  @HttpCode(200)
  @ApiOkResponse({
    type: InvitationDto,
    description: 'Sent again with a new link; the old link stops working',
  })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  resend(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationDto> {
    return this.bus.request(ResendInvitation, { companyId, invitationId }, meta);
  }

  @Delete(':invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; its link answers 410' })
  @ApiProblems(400, 401, 403, 404, 409)
  async revoke(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RevokeInvitation, { companyId, invitationId }, meta);
  }
}

/** The invitee's side. */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller()
export class MyInvitationsController {
  constructor(private readonly bus: BusClient) {}

  @Get('me/invitations')
  @ApiOkResponse({
    type: MyInvitationPageDto,
    description:
      'Pending invitations to your e-mail; sort `companyName createdAt expiresAt` (default `createdAt`); filter `companyName`, `role`, `createdAt`, `expiresAt`',
  })
  @ApiProblems(400, 401, 403, 404)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<MyInvitationPageDto> {
    return this.bus.request(
      ListMyInvitationsPage,
      { query: parseListQuery(query, MY_INVITATION_LIST_SPEC) },
      meta,
    );
  }

  @Post('me/invitations/:invitationId/accept')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationAnswerDto, description: 'You are a member now' })
  @ApiProblems(400, 401, 403, 404, 409, 410)
  accept(
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationAnswerDto> {
    return this.bus.request(AcceptMyInvitation, { invitationId }, meta);
  }

  @Post('me/invitations/:invitationId/reject')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationAnswerDto })
  @ApiProblems(400, 401, 403, 404, 410)
  reject(
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationAnswerDto> {
    return this.bus.request(RejectMyInvitation, { invitationId }, meta);
  }

  /** Signed in: you join now. */
  @Post('invitations/accept')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationAnswerDto, description: 'You are a member now' })
  @ApiProblems(400, 401, 404, 409, 410)
  acceptByToken(@Body() body: AcceptInvitationDto, @Meta() meta: RequestMeta): Promise<InvitationAnswerDto> {
    return this.bus.request(AcceptInvitationByToken, { token: body.token }, meta);
  }

  /**
   * From the e-mail link without signing in: an account with the invited e-mail joins now (200);
   * otherwise the invitation waits for that e-mail to sign up (202 `awaiting_signup`).
   */
  @Post('invitations/accept-before-signup')
  @ApiIdempotencyKey()
  @Public()
  @ApiOkResponse({ type: InvitationAnswerDto })
  @ApiProblems(400, 404, 409, 410)
  async acceptAnonymously(
    @Body() body: AcceptInvitationDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvitationAnswerDto> {
    const answer = await this.bus.request(
      AcceptInvitationByToken,
      { token: body.token },
      { ...meta, actor: { type: 'anonymous', id: null } },
    );
    void reply.status(answer.status === 'awaiting_signup' ? 202 : 200);
    return answer;
  }
}
