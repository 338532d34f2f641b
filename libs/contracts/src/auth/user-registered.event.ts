import { IsEmail, IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../define';

export class UserRegisteredData {
  @IsUUID() userId!: string;
  @IsEmail() email!: string;
  @IsISO8601() registeredAt!: string;
}

export const UserRegistered = defineEvent('auth.events.user.registered', 1, UserRegisteredData);
