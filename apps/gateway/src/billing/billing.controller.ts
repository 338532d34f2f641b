import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetBillingAccount } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { BillingAccountDto } from './dto/billing-account.dto';

@ApiTags('billing')
@ApiBearerAuth()
@Controller('companies/:companyId/billing')
export class BillingController {
  constructor(private readonly bus: BusClient) {}

  @Get('account')
  @RequireScopes('billing:read')
  @ApiOkResponse({
    type: BillingAccountDto,
    description: 'Opened by billing when it hears the company was created',
  })
  @ApiProblems(400, 401, 403, 404)
  account(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<BillingAccountDto> {
    return this.bus.request(GetBillingAccount, { companyId }, meta);
  }
}
