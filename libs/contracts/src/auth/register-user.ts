import { IsEmail, IsString, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './limits';

export class RegisterUserRequest {
  @IsEmail() @MaxLength(EMAIL_MAX_LENGTH) email!: string;
  /** The policy (length, common passwords) is checked by auth, so it can answer 422 with reasons. */
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}

export interface RegisterUserResponse {
  userId: string;
  email: string;
  createdAt: string;
}

export const RegisterUser = defineRpc<RegisterUserRequest, RegisterUserResponse>(
  'auth.user.register.v1',
  RegisterUserRequest,
);
