import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApiTokenIdRequest,
  CreateApiToken,
  CreateApiTokenRequest,
  DeleteApiToken,
  GetApiToken,
  IntrospectToken,
  IntrospectTokenRequest,
  ListMyApiTokens,
  ListMyApiTokensRequest,
  UpdateApiToken,
  UpdateApiTokenRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { requireSessionUser } from '../common/actor';
import { ApiTokensService } from './api-tokens.service';

@Controller()
export class ApiTokensHandler {
  constructor(private readonly tokens: ApiTokensService) {}

  @RpcHandler(CreateApiToken)
  create(@Payload() request: CreateApiTokenRequest, @RpcMeta() meta: RequestMeta) {
    return this.tokens.create(requireSessionUser(meta).userId, request, meta);
  }

  @RpcHandler(ListMyApiTokens)
  list(@Payload() request: ListMyApiTokensRequest, @RpcMeta() meta: RequestMeta) {
    return this.tokens.listMine(requireUser(meta), request.query);
  }

  @RpcHandler(GetApiToken)
  get(@Payload() request: ApiTokenIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.tokens.get(requireUser(meta), request.tokenId);
  }

  @RpcHandler(UpdateApiToken)
  update(@Payload() request: UpdateApiTokenRequest, @RpcMeta() meta: RequestMeta) {
    return this.tokens.update(requireSessionUser(meta).userId, request, meta);
  }

  @RpcHandler(DeleteApiToken)
  delete(@Payload() request: ApiTokenIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.tokens.delete(requireSessionUser(meta).userId, request.tokenId, meta);
  }

  /** Asked by the gateway on every request that presents an API token. */
  @RpcHandler(IntrospectToken)
  introspect(@Payload() request: IntrospectTokenRequest) {
    return this.tokens.introspect(request.token);
  }
}
