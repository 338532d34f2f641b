import { Module } from '@nestjs/common';
import { UserRegisteredListener } from './listeners/user-registered.listener';
import { ProfilesHandler } from './profiles.handler';
import { ProfilesService } from './profiles.service';

@Module({
  controllers: [ProfilesHandler],
  providers: [ProfilesService, UserRegisteredListener],
})
export class ProfilesModule {}
