import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddContactMethod,
  AddContactMethodRequest,
  ContactKindRequest,
  ContactLabelRequest,
  ListMyContactMethods,
  RemoveContactMethod,
  SendContactVerification,
  VerifyContactMethod,
  VerifyContactMethodRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ContactMethodsService } from './contact-methods.service';

@Controller()
export class ContactMethodsHandler {
  constructor(private readonly contacts: ContactMethodsService) {}

  @RpcHandler(ListMyContactMethods)
  list(@Payload() request: ContactKindRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.list(requireUser(meta), request.kind);
  }

  @RpcHandler(AddContactMethod)
  add(@Payload() request: AddContactMethodRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.add(requireUser(meta), request, meta);
  }

  @RpcHandler(SendContactVerification)
  sendCode(@Payload() request: ContactLabelRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.resendCode(requireUser(meta), request.kind, request.label, meta);
  }

  @RpcHandler(VerifyContactMethod)
  verify(@Payload() request: VerifyContactMethodRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.verify(requireUser(meta), request.kind, request.label, request.code);
  }

  @RpcHandler(RemoveContactMethod)
  remove(@Payload() request: ContactLabelRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.remove(requireUser(meta), request.kind, request.label);
  }
}
