import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetIntegrationsTenant } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { IntegrationsTenantDto } from './dto/integrations-tenant.dto';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('companies/:companyId/integrations')
export class IntegrationsController {
  constructor(private readonly bus: BusClient) {}

  @Get('tenant')
  @RequireScopes('integrations:read')
  @ApiOkResponse({
    type: IntegrationsTenantDto,
    description: 'Opened by integrations when it hears the company was created',
  })
  @ApiProblems(400, 401, 403, 404)
  tenant(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<IntegrationsTenantDto> {
    return this.bus.request(GetIntegrationsTenant, { companyId }, meta);
  }
}
