import { Module } from '@nestjs/common';
import { PasswordsController } from './passwords.controller';

@Module({ controllers: [PasswordsController] })
export class PasswordsModule {}
