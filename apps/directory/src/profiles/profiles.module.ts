import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { UserRegisteredListener } from './listeners/user-registered.listener';
import { ProfilesHandler } from './profiles.handler';
import { ProfilesService } from './profiles.service';

@Module({
  imports: [InvitationsModule],
  controllers: [ProfilesHandler],
  providers: [ProfilesService, UserRegisteredListener],
})
export class ProfilesModule {}
