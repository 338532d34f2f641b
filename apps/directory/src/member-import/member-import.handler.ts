import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ImportMembers, ImportMembersRequest } from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { MemberImportService } from './member-import.service';

@Controller()
export class MemberImportHandler {
  constructor(private readonly importer: MemberImportService) {}

  @RpcHandler(ImportMembers)
  import(@Payload() request: ImportMembersRequest, @RpcMeta() meta: RequestMeta) {
    return this.importer.import(requireUser(meta), request.companyId, request.csv, meta);
  }
}
