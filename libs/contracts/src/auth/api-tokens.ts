import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import {
  API_TOKEN_DESCRIPTION_MAX_LENGTH,
  API_TOKEN_NAME_MAX_LENGTH,
  OPAQUE_TOKEN_MAX_LENGTH,
} from './limits';
import { API_SCOPES, ApiScope } from './scopes';

/** Every personal API token starts with this, so the gateway (and secret scanners) can tell it apart. */
export const API_TOKEN_PREFIX = 'rst_';

export interface ApiTokenResponse {
  id: string;
  name: string;
  description: string | null;
  scopes: ApiScope[];
  /** The first characters of the secret, for telling tokens apart; not enough to use it. */
  prefix: string;
  active: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedApiTokenResponse extends ApiTokenResponse {
  /** The secret, shown this once; only its SHA-256 is kept. */
  token: string;
}

export class CreateApiTokenRequest {
  @IsString() @IsNotEmpty() @MaxLength(API_TOKEN_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(API_TOKEN_DESCRIPTION_MAX_LENGTH) description?: string | null;
  @ArrayMinSize(1)
  @ArrayMaxSize(API_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true })
  scopes!: ApiScope[];
  /** When it stops working; must be in the future. Without it the token works until revoked. */
  @IsOptional() @IsISO8601({ strict: true }) expiresAt?: string | null;
}
export const CreateApiToken = defineRpc<CreateApiTokenRequest, CreatedApiTokenResponse>(
  'auth.api-token.create.v1',
  CreateApiTokenRequest,
);

export class ListMyApiTokensRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMyApiTokens = defineRpc<ListMyApiTokensRequest, Page<ApiTokenResponse>>(
  'auth.api-token.list-mine.v1',
  ListMyApiTokensRequest,
);

export class ApiTokenIdRequest {
  @IsUUID() tokenId!: string;
}
export const GetApiToken = defineRpc<ApiTokenIdRequest, ApiTokenResponse>(
  'auth.api-token.get.v1',
  ApiTokenIdRequest,
);

/** Scopes and expiry are fixed at creation; make a new token to change them. */
export class UpdateApiTokenRequest {
  @IsUUID() tokenId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(API_TOKEN_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsString() @MaxLength(API_TOKEN_DESCRIPTION_MAX_LENGTH) description?: string | null;
  /** `false` stops the token at once; `true` lets it work again (until it expires). */
  @IsOptional() @IsBoolean() active?: boolean;
}
export const UpdateApiToken = defineRpc<UpdateApiTokenRequest, ApiTokenResponse>(
  'auth.api-token.update.v1',
  UpdateApiTokenRequest,
);

export const DeleteApiToken = defineRpc<ApiTokenIdRequest, { deleted: true }>(
  'auth.api-token.delete.v1',
  ApiTokenIdRequest,
);

/**
 * Asked by the gateway the first time it sees an API token; it remembers an active answer for up to its
 * `API_TOKEN_CACHE_SECONDS` (never past `expiresAt`, which it checks on every request) and drops it on
 * `auth.events.api_token.revoked` or `auth.events.user.disabled`. Inactive answers say nothing more.
 */
export class IntrospectTokenRequest {
  @IsString() @MaxLength(OPAQUE_TOKEN_MAX_LENGTH) token!: string;
}
export type IntrospectTokenResponse =
  | { active: false }
  | { active: true; tokenId: string; userId: string; scopes: ApiScope[]; expiresAt: string | null };
export const IntrospectToken = defineRpc<IntrospectTokenRequest, IntrospectTokenResponse>(
  'auth.token.introspect.v1',
  IntrospectTokenRequest,
);
