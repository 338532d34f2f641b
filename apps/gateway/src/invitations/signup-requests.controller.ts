import { Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ConfirmSignupRequest,
  DeleteSignupRequest,
  ListJoinableCompanies,
  ListSignupRequests,
  RequestToJoinCompany,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { JoinableCompanyListDto, JoinResultDto, SignupRequestPageDto } from './dto/invitation.dto';

export const SIGNUP_REQUEST_LIST_SPEC: ListQuerySpec = {
  sortable: ['email', 'createdAt'],
  filterable: { email: filterField.text(['eq', 'search', 'in']), createdAt: filterField.date() },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

/** Self-service: users ask to join a company (or join at once through a verified domain). */
@ApiTags('invitations')
@ApiBearerAuth()
@Controller()
export class SignupRequestsController {
  constructor(private readonly bus: BusClient) {}

  @Get('me/joinable-companies')
  @ApiOkResponse({
    type: JoinableCompanyListDto,
    description: 'Companies that verified your e-mail’s domain',
  })
  @ApiProblems(401, 403, 404)
  joinable(@Meta() meta: RequestMeta): Promise<JoinableCompanyListDto> {
    return this.bus.request(ListJoinableCompanies, {}, meta);
  }

  @Post('companies/:companyId/signup-requests')
  @ApiOkResponse({
    type: JoinResultDto,
    description: '201 joined (auto-join domain) or 202 pending confirmation',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async request(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JoinResultDto> {
    const result = await this.bus.request(RequestToJoinCompany, { companyId }, meta);
    void reply.status(result.status === 'joined' ? 201 : 202);
    return result;
  }

  @Get('companies/:companyId/signup-requests')
  @ApiOkResponse({ type: SignupRequestPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<SignupRequestPageDto> {
    return this.bus.request(
      ListSignupRequests,
      { companyId, query: parseListQuery(query, SIGNUP_REQUEST_LIST_SPEC) },
      meta,
    );
  }

  @Post('companies/:companyId/signup-requests/:requestId/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: JoinResultDto, description: 'The requester is a member now' })
  @ApiProblems(400, 401, 403, 404, 409)
  confirm(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ConfirmSignupRequest, { companyId, requestId }, meta);
  }

  @Delete('companies/:companyId/signup-requests/:requestId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (refused)' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteSignupRequest, { companyId, requestId }, meta);
  }
}
