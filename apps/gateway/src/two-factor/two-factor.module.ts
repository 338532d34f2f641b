import { Module } from '@nestjs/common';
import { TwoFactorController } from './two-factor.controller';

@Module({ controllers: [TwoFactorController] })
export class TwoFactorModule {}
