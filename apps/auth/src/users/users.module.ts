import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { UsersHandler } from './users.handler';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersHandler],
  providers: [UsersService, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
