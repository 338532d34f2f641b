import { IsString, MaxLength, MinLength } from 'class-validator';
import { defineRpc } from '../define';
import type { TokenPair } from './token-pair';

export class RefreshRequest {
  @IsString() @MinLength(16) @MaxLength(512) refreshToken!: string;
}

export const Refresh = defineRpc<RefreshRequest, TokenPair>('auth.session.refresh.v1', RefreshRequest);
