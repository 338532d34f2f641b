import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { WellKnownController } from './well-known.controller';

@Module({ controllers: [AuthController, WellKnownController] })
export class AuthModule {}
