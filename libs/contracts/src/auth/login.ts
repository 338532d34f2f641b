import { IsEmail, IsString, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './limits';
import type { TokenPair } from './token-pair';

export class LoginRequest {
  @IsEmail() @MaxLength(EMAIL_MAX_LENGTH) email!: string;
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}

export const Login = defineRpc<LoginRequest, TokenPair>('auth.session.login.v1', LoginRequest);
