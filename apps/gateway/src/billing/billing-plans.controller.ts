import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CreatePlan, GetBillingPublicKey, ListPlans, RunBillingCycle, UpdatePlan } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { CreatePlanDto, RunBillingCycleDto, UpdatePlanDto } from './dto/billing-requests.dto';
import { BillingCycleResultDto, PlanDto, PlanListDto, PublicKeyDto } from './dto/billing-responses.dto';
import { ApiIdempotencyKey } from '../common/idempotency-key';

/** The plan catalogue (operators manage it), the payment provider's public key, and the billing cycle. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('billing')
export class BillingPlansController {
  constructor(private readonly bus: BusClient) {}

  @Get('plans')
  @RequireScopes('billing:read')
  @ApiQuery({ name: 'includeInactive', required: false, description: 'Operators only' })
  @ApiOkResponse({ type: PlanListDto, description: 'Active plans (operators may include inactive ones)' })
  @ApiProblems(401, 403)
  list(@Query('includeInactive') includeInactive: string | undefined, @Meta() meta: RequestMeta) {
    return this.bus.request(ListPlans, { includeInactive: includeInactive === 'true' }, meta);
  }

  @Post('plans')
  @ApiCreatedResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 409)
  create(@Body() body: CreatePlanDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreatePlan, body, meta);
  }

  @Patch('plans/:planId')
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404)
  update(@Param('planId') planId: string, @Body() body: UpdatePlanDto, @Meta() meta: RequestMeta) {
    return this.bus.request(UpdatePlan, { ...body, id: planId }, meta);
  }

  @Get('public-key')
  @RequireScopes('billing:read')
  @ApiOkResponse({ type: PublicKeyDto, description: 'For the browser to turn a card into a token' })
  @ApiProblems(401, 403)
  publicKey(@Meta() meta: RequestMeta) {
    return this.bus.request(GetBillingPublicKey, {}, meta);
  }

  @Post('cycle/run')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOkResponse({
    type: BillingCycleResultDto,
    description: 'Operators: invoices due, dunning, reconciliation',
  })
  @ApiProblems(401, 403, 422)
  runCycle(@Body() body: RunBillingCycleDto, @Meta() meta: RequestMeta) {
    return this.bus.request(RunBillingCycle, { ...body }, meta, { timeoutMs: 60_000 });
  }
}
