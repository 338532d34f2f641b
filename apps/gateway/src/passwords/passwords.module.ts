import { Module } from '@nestjs/common';
import { MemberPasswordController } from './member-password.controller';
import { PasswordsController } from './passwords.controller';

@Module({ controllers: [PasswordsController, MemberPasswordController] })
export class PasswordsModule {}
