import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  GetProviderBillingDetails,
  GetProviderContract,
  GetProviderInvoice,
  IssueProviderInvoice,
  ListProviderInvoices,
  ListProviderLicences,
  PutProviderBillingDetails,
  PutProviderContract,
  SetCustomerLicences,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  CustomerLicencesDto,
  CustomerLicencesListDto,
  IssueProviderInvoiceDto,
  ProviderBillingDetailsDto,
  ProviderContractDto,
  ProviderInvoiceDto,
  ProviderInvoiceListDto,
  PutProviderBillingDetailsDto,
  PutProviderContractDto,
  SetCustomerLicencesDto,
} from './dto/provider-billing.dto';
import { ApiIdempotencyKey } from '../common/idempotency-key';

/** A provider's (MSP's) billing: its administrators read it; platform operators set contracts and invoice. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('providers/:providerId/billing')
export class ProviderBillingController {
  constructor(private readonly bus: BusClient) {}

  @Get('contract')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: ProviderContractDto })
  @ApiProblems(400, 401, 403, 404)
  contract(@Param('providerId', uuidParam('providerId')) providerId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetProviderContract, { providerId }, meta);
  }

  @Put('contract')
  @ApiOkResponse({ type: ProviderContractDto, description: 'Platform operators only' })
  @ApiProblems(400, 401, 403)
  putContract(
    @Param('providerId', uuidParam('providerId')) providerId: string,
    @Body() body: PutProviderContractDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PutProviderContract, { ...body, providerId }, meta);
  }

  @Get('details')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: ProviderBillingDetailsDto })
  @ApiProblems(400, 401, 403, 404)
  details(@Param('providerId', uuidParam('providerId')) providerId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetProviderBillingDetails, { providerId }, meta);
  }

  @Put('details')
  @ApiOkResponse({ type: ProviderBillingDetailsDto })
  @ApiProblems(400, 401, 403, 404)
  putDetails(
    @Param('providerId', uuidParam('providerId')) providerId: string,
    @Body() body: PutProviderBillingDetailsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PutProviderBillingDetails, { ...body, providerId }, meta);
  }

  @Get('licences')
  @RequireScopes('billing:read')
  @ApiOkResponse({
    type: CustomerLicencesListDto,
    description: 'Per customer: purchased, used, active users',
  })
  @ApiProblems(400, 401, 403, 404)
  licences(@Param('providerId', uuidParam('providerId')) providerId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ListProviderLicences, { providerId }, meta);
  }

  @Put('licences/:companyId')
  @ApiOkResponse({ type: CustomerLicencesDto })
  @ApiProblems(400, 401, 403, 404)
  setLicences(
    @Param('providerId', uuidParam('providerId')) providerId: string,
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: SetCustomerLicencesDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(SetCustomerLicences, { providerId, companyId, purchased: body.purchased }, meta);
  }

  @Get('invoices')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: ProviderInvoiceListDto })
  @ApiProblems(400, 401, 403, 404)
  invoices(@Param('providerId', uuidParam('providerId')) providerId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ListProviderInvoices, { providerId }, meta);
  }

  @Post('invoices')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ProviderInvoiceDto, description: 'Platform operators: invoice a period' })
  @ApiProblems(400, 401, 403, 404, 422)
  issue(
    @Param('providerId', uuidParam('providerId')) providerId: string,
    @Body() body: IssueProviderInvoiceDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(IssueProviderInvoice, { ...body, providerId }, meta);
  }

  @Get('invoices/:invoiceId')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: ProviderInvoiceDto })
  @ApiProblems(400, 401, 403, 404)
  invoice(
    @Param('providerId', uuidParam('providerId')) providerId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetProviderInvoice, { providerId, invoiceId }, meta);
  }
}
