import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddDomain,
  GetDomain,
  ListDomains,
  RemoveDomain,
  SetDomainSso,
  UpdateDomain,
  VerifyDomain,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { AddDomainDto, DomainDto, DomainPageDto, SetDomainSsoDto, UpdateDomainDto } from './dto/domain.dto';

export const DOMAIN_LIST_SPEC: ListQuerySpec = {
  sortable: ['domain', 'createdAt', 'verifiedAt'],
  filterable: { domain: filterField.text(['eq', 'search', 'in']), createdAt: filterField.date() },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

/** A company proves it owns a domain with a DNS TXT record; a verified domain can carry SSO and auto-join. */
@ApiTags('domains')
@ApiBearerAuth()
@Controller('companies/:companyId/domains')
export class DomainsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiCreatedResponse({ type: DomainDto, description: 'Added, unverified; publish `txtRecord`, then verify' })
  @ApiProblems(400, 401, 403, 404, 409)
  add(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: AddDomainDto,
    @Meta() meta: RequestMeta,
  ): Promise<DomainDto> {
    return this.bus.request(AddDomain, { companyId, domain: body.domain }, meta);
  }

  @Get()
  @ApiOkResponse({ type: DomainPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<DomainPageDto> {
    return this.bus.request(ListDomains, { companyId, query: parseListQuery(query, DOMAIN_LIST_SPEC) }, meta);
  }

  @Get(':domainId')
  @ApiOkResponse({ type: DomainDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('domainId', uuidParam('domainId')) domainId: string,
    @Meta() meta: RequestMeta,
  ): Promise<DomainDto> {
    return this.bus.request(GetDomain, { companyId, domainId }, meta);
  }

  @Post(':domainId/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: DomainDto, description: 'Verified' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  verify(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('domainId', uuidParam('domainId')) domainId: string,
    @Meta() meta: RequestMeta,
  ): Promise<DomainDto> {
    return this.bus.request(VerifyDomain, { companyId, domainId }, meta);
  }

  @Patch(':domainId')
  @ApiOkResponse({ type: DomainDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('domainId', uuidParam('domainId')) domainId: string,
    @Body() body: UpdateDomainDto,
    @Meta() meta: RequestMeta,
  ): Promise<DomainDto> {
    return this.bus.request(UpdateDomain, { companyId, domainId, ...body }, meta);
  }

  @Put(':domainId/sso')
  @ApiOkResponse({ type: DomainDto })
  @ApiProblems(400, 401, 403, 404, 409)
  setSso(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('domainId', uuidParam('domainId')) domainId: string,
    @Body() body: SetDomainSsoDto,
    @Meta() meta: RequestMeta,
  ): Promise<DomainDto> {
    return this.bus.request(SetDomainSso, { companyId, domainId, sso: body.sso ?? null }, meta);
  }

  @Delete(':domainId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404)
  async remove(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('domainId', uuidParam('domainId')) domainId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RemoveDomain, { companyId, domainId }, meta);
  }
}
