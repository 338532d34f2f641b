import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { MemberImportHandler } from './member-import.handler';
import { MemberImportService } from './member-import.service';

@Module({
  imports: [InvitationsModule],
  controllers: [MemberImportHandler],
  providers: [MemberImportService],
})
export class MemberImportModule {}
