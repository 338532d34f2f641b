import { Controller } from '@nestjs/common';
import { ListIntegrationCatalog } from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { CATALOG } from './catalog';

@Controller()
export class CatalogHandler {
  @RpcHandler(ListIntegrationCatalog)
  list(@RpcMeta() meta: RequestMeta) {
    requireUser(meta);
    return { items: CATALOG };
  }
}
