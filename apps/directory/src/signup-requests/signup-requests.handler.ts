import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompanyJoinRequest,
  ConfirmSignupRequest,
  DeleteSignupRequest,
  ListJoinableCompanies,
  ListSignupRequests,
  ListSignupRequestsRequest,
  RequestToJoinCompany,
  SignupRequestIdRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { SignupRequestsService } from './signup-requests.service';

@Controller()
export class SignupRequestsHandler {
  constructor(private readonly signups: SignupRequestsService) {}

  @RpcHandler(ListJoinableCompanies)
  joinable(@RpcMeta() meta: RequestMeta) {
    return this.signups.joinable(requireUser(meta));
  }

  @RpcHandler(RequestToJoinCompany)
  request(@Payload() request: CompanyJoinRequest, @RpcMeta() meta: RequestMeta) {
    return this.signups.request(requireUser(meta), request.companyId, meta);
  }

  @RpcHandler(ListSignupRequests)
  list(@Payload() request: ListSignupRequestsRequest, @RpcMeta() meta: RequestMeta) {
    return this.signups.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(ConfirmSignupRequest)
  confirm(@Payload() request: SignupRequestIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.signups.confirm(requireUser(meta), request.companyId, request.requestId, meta);
  }

  @RpcHandler(DeleteSignupRequest)
  delete(@Payload() request: SignupRequestIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.signups.delete(requireUser(meta), request.companyId, request.requestId);
  }
}
