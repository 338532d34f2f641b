import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AttachLabel,
  CreateLabel,
  CreateLabelRequest,
  DeleteLabel,
  DetachLabel,
  GetLabel,
  LabelIdRequest,
  LinkRequest,
  ListLabelLinks,
  ListLabels,
  ListLabelsOf,
  ListLabelsRequest,
  ListLinksRequest,
  ReverseLookupRequest,
  UpdateLabel,
  UpdateLabelRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { LabelsService } from './labels.service';

@Controller()
export class LabelsHandler {
  constructor(private readonly labels: LabelsService) {}

  @RpcHandler(CreateLabel)
  create(@Payload() request: CreateLabelRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListLabels)
  list(@Payload() request: ListLabelsRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetLabel)
  get(@Payload() request: LabelIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.get(requireUser(meta), request.companyId, request.labelId);
  }

  @RpcHandler(UpdateLabel)
  update(@Payload() request: UpdateLabelRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.update(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteLabel)
  delete(@Payload() request: LabelIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.delete(requireUser(meta), request.companyId, request.labelId, meta);
  }

  @RpcHandler(AttachLabel)
  attach(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.attach(requireUser(meta), request, meta);
  }

  @RpcHandler(DetachLabel)
  detach(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.detach(requireUser(meta), request, meta);
  }

  @RpcHandler(ListLabelLinks)
  links(@Payload() request: ListLinksRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.listLinks(requireUser(meta), request);
  }

  @RpcHandler(ListLabelsOf)
  labelsOf(@Payload() request: ReverseLookupRequest, @RpcMeta() meta: RequestMeta) {
    return this.labels.labelsOf(requireUser(meta), request);
  }
}
