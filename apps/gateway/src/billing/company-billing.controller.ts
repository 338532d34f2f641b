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
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AttachPaymentMethod,
  CancelSubscription,
  CreateSubscription,
  GetBillingDetails,
  GetCompanySeats,
  GetInvoice,
  GetInvoicePdf,
  GetPaymentMethod,
  GetSubscription,
  GetSubscriptionLog,
  GetUpcomingInvoice,
  ListInvoices,
  MarkInvoicePaid,
  PayInvoice,
  RemovePaymentMethod,
  SendInvoice,
  UpdateBillingDetails,
  UpdateSubscription,
  VoidInvoice,
  INVOICE_STATUSES,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  AttachPaymentMethodDto,
  CancelSubscriptionQueryDto,
  CreateSubscriptionDto,
  SendInvoiceDto,
  UpdateBillingDetailsDto,
  UpdateSubscriptionDto,
} from './dto/billing-requests.dto';
import {
  BillingDetailsDto,
  InvoiceDto,
  InvoicePageDto,
  InvoiceSentDto,
  PaymentMethodDto,
  SeatsDto,
  SubscriptionDto,
  SubscriptionLogDto,
} from './dto/billing-responses.dto';
import { ApiIdempotencyKey } from '../common/idempotency-key';

export const INVOICE_LIST_SPEC: ListQuerySpec = {
  sortable: ['number', 'issuedAt', 'totalMinor', 'status', 'periodStart'],
  filterable: {
    status: filterField.enum(INVOICE_STATUSES),
    number: filterField.text(['eq', 'search']),
    totalMinor: filterField.number(['eq', 'gt', 'ge', 'lt', 'le', 'between']),
    issuedAt: filterField.date(),
    periodStart: filterField.date(),
  },
  defaultSort: [{ field: 'issuedAt', direction: 'desc' }],
};

/** A company's subscription, seats, invoices, payment method and billing details (owners and admins). */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('companies/:companyId/billing')
export class CompanyBillingController {
  constructor(private readonly bus: BusClient) {}

  @Get('subscription')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(400, 401, 403, 404)
  getSubscription(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetSubscription, { companyId }, meta);
  }

  @Post('subscription')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({
    type: SubscriptionDto,
    description: 'Subscribed (trialing when the plan has a trial)',
  })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  subscribe(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateSubscriptionDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(CreateSubscription, { ...body, companyId }, meta);
  }

  @Patch('subscription')
  @ApiOkResponse({
    type: SubscriptionDto,
    description: 'Plan changed (upgrade now, downgrade at period end) or resumed',
  })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  change(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateSubscriptionDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateSubscription, { ...body, companyId }, meta);
  }

  @Delete('subscription')
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: SubscriptionDto, description: 'Canceled now (final invoice) or at the period end' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  cancel(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: CancelSubscriptionQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      CancelSubscription,
      { companyId, immediately: query.immediately === 'true' },
      meta,
    );
  }

  @Get('subscription/log')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: SubscriptionLogDto, description: 'Every transition of the subscription' })
  @ApiProblems(400, 401, 403, 404)
  log(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetSubscriptionLog, { companyId }, meta);
  }

  @Get('seats')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: SeatsDto })
  @ApiProblems(400, 401, 403, 404)
  seats(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetCompanySeats, { companyId }, meta);
  }

  @Get('invoices')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: InvoicePageDto })
  @ApiProblems(400, 401, 403, 404)
  invoices(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListInvoices,
      { companyId, query: parseListQuery(query, INVOICE_LIST_SPEC) },
      meta,
    );
  }

  @Get('invoices/upcoming')
  @RequireScopes('billing:read')
  @ApiOkResponse({
    type: InvoiceDto,
    description: 'A preview of the current period’s invoice, prorations included',
  })
  @ApiProblems(400, 401, 403, 404)
  upcoming(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetUpcomingInvoice, { companyId }, meta);
  }

  @Get('invoices/:invoiceId')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: InvoiceDto })
  @ApiProblems(400, 401, 403, 404)
  invoice(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetInvoice, { companyId, invoiceId }, meta);
  }

  @Get('invoices/:invoiceId/pdf')
  @RequireScopes('billing:read')
  @Header('content-type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The invoice as PDF' })
  @ApiProblems(400, 401, 403, 404)
  async pdf(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const { filename, pdfBase64 } = await this.bus.request(GetInvoicePdf, { companyId, invoiceId }, meta);
    return new StreamableFile(Buffer.from(pdfBase64, 'base64'), {
      type: 'application/pdf',
      disposition: `inline; filename="${filename}"`,
    });
  }

  @Post('invoices/:invoiceId/send')
  @HttpCode(202)
  @ApiOkResponse({ type: InvoiceSentDto, description: 'Accepted: integrations e-mails it with the PDF' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  send(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Body() body: SendInvoiceDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(SendInvoice, { companyId, invoiceId, ...body }, meta);
  }

  @Post('invoices/:invoiceId/pay')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: InvoiceDto, description: 'Charged now: paid, or still open after a failure' })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  pay(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PayInvoice, { companyId, invoiceId }, meta, {
      timeoutMs: 30_000,
    });
  }

  @Post('invoices/:invoiceId/mark-paid')
  @HttpCode(200)
  @ApiOkResponse({ type: InvoiceDto, description: 'Platform operators: paid outside the platform' })
  @ApiProblems(400, 401, 403, 404, 409)
  markPaid(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(MarkInvoicePaid, { companyId, invoiceId }, meta);
  }

  @Post('invoices/:invoiceId/void')
  @HttpCode(200)
  @ApiOkResponse({ type: InvoiceDto, description: 'Platform operators: not owed after all' })
  @ApiProblems(400, 401, 403, 404, 409)
  voidInvoice(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(VoidInvoice, { companyId, invoiceId }, meta);
  }

  @Get('payment-method')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: PaymentMethodDto })
  @ApiProblems(400, 401, 403, 404)
  paymentMethod(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetPaymentMethod, { companyId }, meta);
  }

  @Post('payment-method')
  @ApiCreatedResponse({
    type: PaymentMethodDto,
    description: 'The card behind the token, attached (replaces any other)',
  })
  @ApiProblems(400, 401, 403, 404, 422)
  attach(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: AttachPaymentMethodDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(AttachPaymentMethod, { companyId, token: body.token }, meta, {
      timeoutMs: 30_000,
    });
  }

  @Delete('payment-method')
  @HttpCode(204)
  @ApiProblems(400, 401, 403, 404)
  async removePaymentMethod(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RemovePaymentMethod, { companyId }, meta);
  }

  @Get('details')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: BillingDetailsDto })
  @ApiProblems(400, 401, 403, 404)
  details(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetBillingDetails, { companyId }, meta);
  }

  @Put('details')
  @ApiOkResponse({ type: BillingDetailsDto })
  @ApiProblems(400, 401, 403, 404)
  updateDetails(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateBillingDetailsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateBillingDetails, { ...body, companyId }, meta);
  }
}
