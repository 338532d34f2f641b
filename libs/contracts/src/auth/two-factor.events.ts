import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../define';
import { TWO_FACTOR_METHODS, TwoFactorMethod } from './two-factor';

export class TwoFactorEnabledData {
  @IsUUID() userId!: string;
  @IsIn(TWO_FACTOR_METHODS) method!: TwoFactorMethod;
  @IsISO8601() enabledAt!: string;
}
export const TwoFactorEnabled = defineEvent('auth.events.two_factor.enabled', 1, TwoFactorEnabledData);

export class TwoFactorDisabledData {
  @IsUUID() userId!: string;
  @IsIn(TWO_FACTOR_METHODS) method!: TwoFactorMethod;
  @IsISO8601() disabledAt!: string;
}
export const TwoFactorDisabled = defineEvent('auth.events.two_factor.disabled', 1, TwoFactorDisabledData);
