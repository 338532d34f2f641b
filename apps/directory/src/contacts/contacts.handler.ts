import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ContactIdRequest,
  ConvertContact,
  CreateContact,
  CreateContactRequest,
  DeleteContact,
  GetContact,
  ImportContacts,
  ImportContactsRequest,
  ListContacts,
  ListContactsRequest,
  UpdateContact,
  UpdateContactRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ContactsService } from './contacts.service';

@Controller()
export class ContactsHandler {
  constructor(private readonly contacts: ContactsService) {}

  @RpcHandler(CreateContact)
  create(@Payload() request: CreateContactRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListContacts)
  list(@Payload() request: ListContactsRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetContact)
  get(@Payload() request: ContactIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.get(requireUser(meta), request.companyId, request.contactId);
  }

  @RpcHandler(UpdateContact)
  update(@Payload() request: UpdateContactRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.update(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteContact)
  delete(@Payload() request: ContactIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.delete(requireUser(meta), request.companyId, request.contactId, meta);
  }

  @RpcHandler(ImportContacts)
  import(@Payload() request: ImportContactsRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.import(requireUser(meta), request, meta);
  }

  @RpcHandler(ConvertContact)
  convert(@Payload() request: ContactIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.contacts.convert(requireUser(meta), request.companyId, request.contactId, meta);
  }
}
