import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  AddProviderAdministrator,
  AppError,
  CreateCustomer,
  CreateProvider,
  CustomerExists,
  DeleteCustomer,
  ExportCustomers,
  GetCustomer,
  GetProvider,
  ImportCustomers,
  ListCustomers,
  ListMyProviders,
  ListProviderAdministratorsPage,
  PROVIDER_ROLES,
  RemoveProviderAdministrator,
  UpdateCustomer,
  UpdateProvider,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  AddProviderAdministratorDto,
  CreateCustomerDto,
  CreateProviderDto,
  CustomerDto,
  CustomerExistsDto,
  CustomerExistsQueryDto,
  CustomerImportResultDto,
  CustomerPageDto,
  ProviderAdministratorDto,
  ProviderAdministratorPageDto,
  ProviderDto,
  ProviderPageDto,
  UpdateCustomerDto,
  UpdateProviderDto,
} from './dto/provider.dto';

export const CUSTOMER_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt', 'updatedAt'],
  filterable: {
    name: filterField.text(),
    createdAt: filterField.date(),
    updatedAt: filterField.date(),
  },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};

export const PROVIDER_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt'],
  filterable: { name: filterField.text(), createdAt: filterField.date() },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};

export const PROVIDER_ADMINISTRATOR_LIST_SPEC: ListQuerySpec = {
  sortable: ['email', 'displayName', 'role', 'createdAt'],
  filterable: {
    email: filterField.text(['eq', 'search', 'in']),
    displayName: filterField.text(['eq', 'search']),
    role: filterField.enum(PROVIDER_ROLES, ['eq', 'in']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

const providerId = () => Param('providerId', uuidParam('providerId'));

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: ProviderDto, description: 'You become the provider’s owner' })
  @ApiProblems(400, 401, 403)
  create(@Body() body: CreateProviderDto, @Meta() meta: RequestMeta): Promise<ProviderDto> {
    return this.bus.request(CreateProvider, body, meta);
  }

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: ProviderPageDto, description: 'The providers you administer' })
  @ApiProblems(400, 401, 403)
  listMine(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<ProviderPageDto> {
    return this.bus.request(ListMyProviders, { query: parseListQuery(query, PROVIDER_LIST_SPEC) }, meta);
  }

  @Get(':providerId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: ProviderDto })
  @ApiProblems(400, 401, 403, 404)
  get(@providerId() id: string, @Meta() meta: RequestMeta): Promise<ProviderDto> {
    return this.bus.request(GetProvider, { providerId: id }, meta);
  }

  @Patch(':providerId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: ProviderDto, description: 'Provider owners only' })
  @ApiProblems(400, 401, 403, 404)
  update(
    @providerId() id: string,
    @Body() body: UpdateProviderDto,
    @Meta() meta: RequestMeta,
  ): Promise<ProviderDto> {
    return this.bus.request(UpdateProvider, { providerId: id, ...body }, meta);
  }

  @Post(':providerId/administrators')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: ProviderAdministratorDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addAdministrator(
    @providerId() id: string,
    @Body() body: AddProviderAdministratorDto,
    @Meta() meta: RequestMeta,
  ): Promise<ProviderAdministratorDto> {
    return this.bus.request(AddProviderAdministrator, { providerId: id, ...body }, meta);
  }

  @Get(':providerId/administrators')
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: ProviderAdministratorPageDto,
    description:
      'sort `email displayName role createdAt` (default `createdAt`); filter `email`, `displayName`, `role`, `createdAt`',
  })
  @ApiProblems(400, 401, 403, 404)
  listAdministrators(
    @providerId() id: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<ProviderAdministratorPageDto> {
    return this.bus.request(
      ListProviderAdministratorsPage,
      { providerId: id, query: parseListQuery(query, PROVIDER_ADMINISTRATOR_LIST_SPEC) },
      meta,
    );
  }

  @Delete(':providerId/administrators/:userId')
  @RequireScopes('companies:write')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async removeAdministrator(
    @providerId() id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RemoveProviderAdministrator, { providerId: id, userId }, meta);
  }

  @Post(':providerId/customers')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiProblems(400, 401, 403, 404, 409)
  createCustomer(
    @providerId() id: string,
    @Body() body: CreateCustomerDto,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerDto> {
    return this.bus.request(CreateCustomer, { providerId: id, ...body }, meta);
  }

  @Get(':providerId/customers')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CustomerPageDto })
  @ApiProblems(400, 401, 403, 404)
  listCustomers(
    @providerId() id: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerPageDto> {
    return this.bus.request(
      ListCustomers,
      { providerId: id, query: parseListQuery(query, CUSTOMER_LIST_SPEC) },
      meta,
    );
  }

  @Get(':providerId/customers/exists')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CustomerExistsDto, description: 'Case-insensitive name check' })
  @ApiProblems(400, 401, 403, 404)
  customerExists(
    @providerId() id: string,
    @Query() query: CustomerExistsQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerExistsDto> {
    return this.bus.request(CustomerExists, { providerId: id, name: query.name }, meta);
  }

  @Get(':providerId/customers.csv')
  @RequireScopes('companies:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'id,name,description,activeSeats,createdAt', schema: { type: 'string' } })
  @ApiProblems(400, 401, 403, 404)
  async exportCustomers(@providerId() id: string, @Meta() meta: RequestMeta): Promise<string> {
    return (await this.bus.request(ExportCustomers, { providerId: id }, meta)).csv;
  }

  @Post(':providerId/customers/import')
  @RequireScopes('companies:write')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'CSV with header name[,description]', schema: { type: 'string' } })
  @ApiOkResponse({ type: CustomerImportResultDto, description: 'All or nothing; 400 names the bad line' })
  @ApiProblems(400, 401, 403, 404)
  importCustomers(
    @providerId() id: string,
    @Req() request: FastifyRequest,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerImportResultDto> {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'text/csv' || typeof request.body !== 'string')
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the customers as text/csv');
    return this.bus.request(ImportCustomers, { providerId: id, csv: request.body }, meta);
  }

  @Get(':providerId/customers/:companyId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CustomerDto })
  @ApiProblems(400, 401, 403, 404)
  getCustomer(
    @providerId() id: string,
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerDto> {
    return this.bus.request(GetCustomer, { providerId: id, companyId }, meta);
  }

  @Patch(':providerId/customers/:companyId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: CustomerDto })
  @ApiProblems(400, 401, 403, 404, 409)
  updateCustomer(
    @providerId() id: string,
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateCustomerDto,
    @Meta() meta: RequestMeta,
  ): Promise<CustomerDto> {
    return this.bus.request(UpdateCustomer, { providerId: id, companyId, ...body }, meta);
  }

  @Delete(':providerId/customers/:companyId')
  @RequireScopes('companies:write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Soft delete, as for DELETE /companies/{id}' })
  @ApiProblems(400, 401, 403, 404)
  async deleteCustomer(
    @providerId() id: string,
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteCustomer, { providerId: id, companyId }, meta);
  }
}
