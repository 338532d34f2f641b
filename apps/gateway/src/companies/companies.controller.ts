import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CreateCompany, DeleteCompany, GetCompany, ListMyCompanies, UpdateCompany } from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { ApiIdempotencyKey } from '../common/idempotency-key';
import { Meta } from '../common/request-meta.decorator';
import { CompanyDto, CompanyPageDto } from './dto/company.dto';
import { CreateCompanyDto } from './dto/create-company.dto';
import { UpdateCompanyDto } from './dto/update-company.dto';

export const COMPANY_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt', 'updatedAt'],
  filterable: {
    name: filterField.text(),
    createdAt: filterField.date(),
    updatedAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @RequireScopes('companies:write')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: CompanyDto, description: 'Created; you are its owner' })
  @ApiProblems(400, 401, 403)
  create(@Body() body: CreateCompanyDto, @Meta() meta: RequestMeta): Promise<CompanyDto> {
    return this.bus.request(CreateCompany, body, meta);
  }

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanyPageDto, description: 'The companies you belong to' })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<CompanyPageDto> {
    return this.bus.request(ListMyCompanies, { query: parseListQuery(query, COMPANY_LIST_SPEC) }, meta);
  }

  @Get(':companyId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanyDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyDto> {
    return this.bus.request(GetCompany, { companyId }, meta);
  }

  @Patch(':companyId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: CompanyDto })
  @ApiProblems(400, 401, 403, 404)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateCompanyDto,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyDto> {
    return this.bus.request(UpdateCompany, { companyId, ...body }, meta);
  }

  @Delete(':companyId')
  @RequireScopes('companies:write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (owners only)' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteCompany, { companyId }, meta);
  }
}
