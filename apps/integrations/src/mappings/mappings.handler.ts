import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  IntegrationRef,
  ListMappings,
  PatchMappings,
  PatchMappingsRequest,
  SuggestMappings,
  SuggestMappingsRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { MappingsService } from './mappings.service';

@Controller()
export class MappingsHandler {
  constructor(private readonly mappings: MappingsService) {}

  @RpcHandler(ListMappings)
  list(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta) {
    return this.mappings.list(request, meta);
  }

  @RpcHandler(PatchMappings)
  patch(@Payload() request: PatchMappingsRequest, @RpcMeta() meta: RequestMeta) {
    return this.mappings.patch(request, meta);
  }

  @RpcHandler(SuggestMappings)
  suggest(@Payload() request: SuggestMappingsRequest, @RpcMeta() meta: RequestMeta) {
    return this.mappings.suggest(request, meta);
  }
}
