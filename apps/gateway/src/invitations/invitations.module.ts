import { Module } from '@nestjs/common';
import { CompanyInvitationsController, MyInvitationsController } from './invitations.controller';
import { SignupRequestsController } from './signup-requests.controller';

@Module({ controllers: [CompanyInvitationsController, MyInvitationsController, SignupRequestsController] })
export class InvitationsModule {}
