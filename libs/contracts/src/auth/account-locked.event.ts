import { IsEmail, IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../define';

/** Too many failed logins locked an account until `until` (integrations may open a PSA ticket). */
export class AccountLockedData {
  @IsUUID() userId!: string;
  @IsEmail() email!: string;
  @IsISO8601() until!: string;
}
export const AccountLocked = defineEvent('auth.events.account.locked', 1, AccountLockedData);
