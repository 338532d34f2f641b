import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddOAuthAppCertificate,
  AddOAuthAppCertificateRequest,
  ListOAuthAppCertificates,
  OAuthAppCertificateRefRequest,
  RemoveOAuthAppCertificate,
  Authorize,
  AuthorizeRequest,
  CreateOAuthApp,
  CreateOAuthAppRequest,
  DeleteOAuthApp,
  GetOAuthApp,
  GetUserInfo,
  ListAuthorizedApps,
  ListAuthorizedAppsRequest,
  ListOAuthApps,
  ListOAuthAppsRequest,
  OAuthAppRefRequest,
  OAuthToken,
  OAuthTokenRequest,
  ResetOAuthAppSecret,
  RevokeAuthorizedApp,
  RevokeAuthorizedAppRequest,
  UpdateOAuthApp,
  UpdateOAuthAppRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { OAuth2Service } from './oauth2.service';
import { OAuthAppsService } from './oauth-apps.service';

@Controller()
export class OAuth2Handler {
  constructor(
    private readonly apps: OAuthAppsService,
    private readonly oauth: OAuth2Service,
  ) {}

  @RpcHandler(CreateOAuthApp)
  create(@Payload() request: CreateOAuthAppRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.create(request, meta);
  }

  @RpcHandler(ListOAuthApps)
  list(@Payload() request: ListOAuthAppsRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.list(request.companyId, request.query, meta);
  }

  @RpcHandler(GetOAuthApp)
  get(@Payload() request: OAuthAppRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.get(request.companyId, request.clientId, meta);
  }

  @RpcHandler(UpdateOAuthApp)
  update(@Payload() request: UpdateOAuthAppRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.update(request, meta);
  }

  @RpcHandler(DeleteOAuthApp)
  remove(@Payload() request: OAuthAppRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.remove(request.companyId, request.clientId, meta);
  }

  @RpcHandler(ResetOAuthAppSecret)
  resetSecret(@Payload() request: OAuthAppRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.resetSecret(request.companyId, request.clientId, meta);
  }

  @RpcHandler(AddOAuthAppCertificate)
  addCertificate(@Payload() request: AddOAuthAppCertificateRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.addCertificate(request.companyId, request.clientId, request.certificate, meta);
  }

  @RpcHandler(ListOAuthAppCertificates)
  listCertificates(@Payload() request: OAuthAppRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.listCertificates(request.companyId, request.clientId, meta);
  }

  @RpcHandler(RemoveOAuthAppCertificate)
  removeCertificate(@Payload() request: OAuthAppCertificateRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.apps.removeCertificate(request.companyId, request.clientId, request.certificateId, meta);
  }

  @RpcHandler(Authorize)
  authorize(@Payload() request: AuthorizeRequest, @RpcMeta() meta: RequestMeta) {
    return this.oauth.authorize(request, meta);
  }

  @RpcHandler(OAuthToken)
  token(@Payload() request: OAuthTokenRequest, @RpcMeta() meta: RequestMeta) {
    return this.oauth.token(request, meta);
  }

  @RpcHandler(GetUserInfo)
  userInfo(@RpcMeta() meta: RequestMeta) {
    return this.oauth.userInfo(meta);
  }

  @RpcHandler(ListAuthorizedApps)
  listAuthorized(@Payload() request: ListAuthorizedAppsRequest, @RpcMeta() meta: RequestMeta) {
    return this.oauth.listAuthorizedApps(meta, request.query);
  }

  @RpcHandler(RevokeAuthorizedApp)
  revokeAuthorized(@Payload() request: RevokeAuthorizedAppRequest, @RpcMeta() meta: RequestMeta) {
    return this.oauth.revokeAuthorizedApp(request.clientId, meta);
  }
}
