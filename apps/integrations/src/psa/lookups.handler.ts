import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PsaLookup, PsaLookupPage, PsaLookupRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { IntegrationsService } from '../connections/integrations.service';
import { ConnectorFactory, toAppError } from './connector-factory';

/** Look-ups proxied to the PSA with the stored credentials (companies honour the company-type setting). */
@Controller()
export class LookupsHandler {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly connectors: ConnectorFactory,
  ) {}

  @RpcHandler(PsaLookup)
  async lookup(@Payload() request: PsaLookupRequest, @RpcMeta() meta: RequestMeta): Promise<PsaLookupPage> {
    const integration = await this.integrations.resolvePsa(request, meta);
    const connector = await this.connectors.connectorFor(integration);
    try {
      return await connector.lookup(request.lookup, {
        page: request.page,
        pageSize: request.pageSize,
        search: request.search,
        parentId: request.parentId,
        companyTypeIds: request.lookup === 'companies' ? integration.settings.companyTypeIds : undefined,
      });
    } catch (error) {
      throw toAppError(error);
    }
  }
}
