import { ArrayMinSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { defineEvent } from '../define';
import { API_SCOPES, ApiScope } from './scopes';

export class ApiTokenCreatedData {
  @IsUUID() tokenId!: string;
  @IsUUID() userId!: string;
  @IsString() name!: string;
  @ArrayMinSize(1) @IsIn(API_SCOPES, { each: true }) scopes!: ApiScope[];
  @IsOptional() @IsISO8601() expiresAt!: string | null;
  @IsISO8601() createdAt!: string;
}
export const ApiTokenCreated = defineEvent('auth.events.api_token.created', 1, ApiTokenCreatedData);

/** `password_reset`: a password reset deactivates every personal API token of the account (see docs/api.md). */
export const API_TOKEN_REVOCATION_REASONS = ['deleted', 'deactivated', 'password_reset'] as const;

/**
 * The token stopped working (deleted, or set inactive); anything caching it must drop it. Written in the
 * transaction of the change; every gateway replica follows it and refuses the token within a second.
 */
export class ApiTokenRevokedData {
  @IsUUID() tokenId!: string;
  @IsUUID() userId!: string;
  @IsIn(API_TOKEN_REVOCATION_REASONS) reason!: (typeof API_TOKEN_REVOCATION_REASONS)[number];
  @IsISO8601() revokedAt!: string;
}
export const ApiTokenRevoked = defineEvent('auth.events.api_token.revoked', 1, ApiTokenRevokedData);
