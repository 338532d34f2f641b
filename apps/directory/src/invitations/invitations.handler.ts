import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcceptInvitationByToken,
  AcceptMyInvitation,
  CreateInvitation,
  CreateInvitationRequest,
  GetInvitation,
  InvitationIdRequest,
  InvitationTokenRequest,
  ListInvitations,
  ListInvitationsRequest,
  ListMyInvitations,
  ListMyInvitationsPage,
  ListMyInvitationsPageRequest,
  MyInvitationIdRequest,
  RejectMyInvitation,
  ResendInvitation,
  RevokeInvitation,
} from '@roster/contracts';
import { IdempotencyKeys, RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { InvitationsService } from './invitations.service';

@Controller()
export class InvitationsHandler {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  @RpcHandler(CreateInvitation)
  create(@Payload() request: CreateInvitationRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    return this.idempotency.run(meta, CreateInvitation, request, () =>
      this.invitations.create(userId, request, meta),
    );
  }

  @RpcHandler(ListInvitations)
  list(@Payload() request: ListInvitationsRequest, @RpcMeta() meta: RequestMeta) {
    return this.invitations.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetInvitation)
  get(@Payload() request: InvitationIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.invitations.get(requireUser(meta), request.companyId, request.invitationId);
  }

  @RpcHandler(ResendInvitation)
  resend(@Payload() request: InvitationIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.invitations.resend(requireUser(meta), request.companyId, request.invitationId, meta);
  }

  @RpcHandler(RevokeInvitation)
  revoke(@Payload() request: InvitationIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.invitations.revoke(requireUser(meta), request.companyId, request.invitationId);
  }

  @RpcHandler(ListMyInvitations)
  listMine(@RpcMeta() meta: RequestMeta) {
    return this.invitations.listMine(requireUser(meta));
  }

  @RpcHandler(ListMyInvitationsPage)
  listMinePage(@Payload() request: ListMyInvitationsPageRequest, @RpcMeta() meta: RequestMeta) {
    return this.invitations.listMinePage(requireUser(meta), request.query);
  }

  @RpcHandler(AcceptMyInvitation)
  accept(@Payload() request: MyInvitationIdRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    return this.idempotency.run(meta, AcceptMyInvitation, request, () =>
      this.invitations.respondAsInvitee(userId, request.invitationId, 'accept', meta),
    );
  }

  @RpcHandler(RejectMyInvitation)
  reject(@Payload() request: MyInvitationIdRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    return this.idempotency.run(meta, RejectMyInvitation, request, () =>
      this.invitations.respondAsInvitee(userId, request.invitationId, 'reject', meta),
    );
  }

  /** Signed in or anonymous (the token proves the invitee received the e-mail). */
  @RpcHandler(AcceptInvitationByToken)
  acceptByToken(@Payload() request: InvitationTokenRequest, @RpcMeta() meta: RequestMeta) {
    const userId = meta.actor.type === 'user' && meta.actor.id ? meta.actor.id : null;
    return this.idempotency.run(meta, AcceptInvitationByToken, request, () =>
      this.invitations.acceptByToken(request.token, userId, meta),
    );
  }
}
