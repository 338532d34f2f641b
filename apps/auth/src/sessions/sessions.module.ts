import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { SessionsHandler } from './sessions.handler';
import { SessionsService } from './sessions.service';

@Module({
  imports: [UsersModule, KeysModule],
  controllers: [SessionsHandler],
  providers: [SessionsService],
})
export class SessionsModule {}
