import { Module } from '@nestjs/common';
import { InvitationsHandler } from './invitations.handler';
import { InvitationsService } from './invitations.service';
import { SeatGate } from './seat-gate';

@Module({
  controllers: [InvitationsHandler],
  providers: [InvitationsService, SeatGate],
  exports: [InvitationsService, SeatGate],
})
export class InvitationsModule {}
