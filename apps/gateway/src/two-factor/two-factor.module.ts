import { Module } from '@nestjs/common';
import { CompanyTwoFactorController } from './company-two-factor.controller';
import { TwoFactorController } from './two-factor.controller';

@Module({ controllers: [TwoFactorController, CompanyTwoFactorController] })
export class TwoFactorModule {}
