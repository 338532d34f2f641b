import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { SignupRequestsHandler } from './signup-requests.handler';
import { SignupRequestsService } from './signup-requests.service';

@Module({
  imports: [InvitationsModule],
  controllers: [SignupRequestsHandler],
  providers: [SignupRequestsService],
})
export class SignupRequestsModule {}
