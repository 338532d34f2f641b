import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { API_SCOPES } from './scopes';

/** What a third-party application may ask a user for: OpenID Connect's own plus the API scopes. */
export const OAUTH_SCOPES = ['openid', 'email', ...API_SCOPES] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/**
 * What an application may be granted for itself (`client_credentials`): company-level scopes only; its
 * tokens reach only the owning company. Account and profile scopes belong to users.
 */
export const CLIENT_CREDENTIALS_SCOPES = [
  'companies:read',
  'companies:write',
  'billing:read',
  'integrations:read',
  'integrations:write',
] as const;
export type ClientCredentialsScope = (typeof CLIENT_CREDENTIALS_SCOPES)[number];

export const OAUTH_APP_STATUSES = ['active', 'inactive'] as const;
export type OAuthAppStatus = (typeof OAUTH_APP_STATUSES)[number];
export const OAUTH_APP_TITLE_MAX_LENGTH = 100;
export const OAUTH_APP_DESCRIPTION_MAX_LENGTH = 1000;
export const OAUTH_URL_MAX_LENGTH = 2000;
export const OAUTH_REDIRECT_URIS_MAX = 10;
/** `rcl_` + 16 random bytes (base64url): public, in URLs. */
export const OAUTH_CLIENT_ID_PREFIX = 'rcl_';

export interface OAuthAppResponse {
  clientId: string;
  companyId: string;
  title: string;
  description: string | null;
  websiteUrl: string | null;
  iconUrl: string | null;
  redirectUris: string[];
  status: OAuthAppStatus;
  /** Scopes the application may obtain for itself with `client_credentials` (none: that grant is off). */
  clientCredentialsScopes: ClientCredentialsScope[];
  /** Users who currently authorize this application. */
  authorizationsCount: number;
  createdAt: string;
  updatedAt: string;
}
export interface OAuthAppWithSecretResponse extends OAuthAppResponse {
  /** Shown this once; only its argon2id hash is kept. */
  clientSecret: string;
}

export class CreateOAuthAppRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(OAUTH_APP_TITLE_MAX_LENGTH) title!: string;
  @IsOptional() @IsString() @MaxLength(OAUTH_APP_DESCRIPTION_MAX_LENGTH) description?: string | null;
  @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) websiteUrl?: string | null;
  @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) iconUrl?: string | null;
  @ArrayMinSize(1)
  @ArrayMaxSize(OAUTH_REDIRECT_URIS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(OAUTH_URL_MAX_LENGTH, { each: true })
  redirectUris!: string[];
  @IsOptional()
  @ArrayMaxSize(CLIENT_CREDENTIALS_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_CREDENTIALS_SCOPES, { each: true })
  clientCredentialsScopes?: ClientCredentialsScope[];
}
export const CreateOAuthApp = defineRpc<CreateOAuthAppRequest, OAuthAppWithSecretResponse>(
  'auth.oauth-app.create.v1',
  CreateOAuthAppRequest,
);

export class ListOAuthAppsRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListOAuthApps = defineRpc<ListOAuthAppsRequest, Page<OAuthAppResponse>>(
  'auth.oauth-app.list.v1',
  ListOAuthAppsRequest,
);

export class OAuthAppRefRequest {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(64) clientId!: string;
}
export const GetOAuthApp = defineRpc<OAuthAppRefRequest, OAuthAppResponse>(
  'auth.oauth-app.get.v1',
  OAuthAppRefRequest,
);
export const DeleteOAuthApp = defineRpc<OAuthAppRefRequest, { deleted: true }>(
  'auth.oauth-app.delete.v1',
  OAuthAppRefRequest,
);
/** A new secret (shown once); the old one stops working at once. */
export const ResetOAuthAppSecret = defineRpc<OAuthAppRefRequest, OAuthAppWithSecretResponse>(
  'auth.oauth-app.reset-secret.v1',
  OAuthAppRefRequest,
);

export class UpdateOAuthAppRequest extends OAuthAppRefRequest {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(OAUTH_APP_TITLE_MAX_LENGTH) title?: string;
  @IsOptional() @IsString() @MaxLength(OAUTH_APP_DESCRIPTION_MAX_LENGTH) description?: string | null;
  @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) websiteUrl?: string | null;
  @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) iconUrl?: string | null;
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(OAUTH_REDIRECT_URIS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(OAUTH_URL_MAX_LENGTH, { each: true })
  redirectUris?: string[];
  @IsOptional()
  @ArrayMaxSize(CLIENT_CREDENTIALS_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_CREDENTIALS_SCOPES, { each: true })
  clientCredentialsScopes?: ClientCredentialsScope[];
  /** `inactive`: no new authorizations or tokens, and its live tokens stop working. */
  @IsOptional() @IsIn(OAUTH_APP_STATUSES) status?: OAuthAppStatus;
}
export const UpdateOAuthApp = defineRpc<UpdateOAuthAppRequest, OAuthAppResponse>(
  'auth.oauth-app.update.v1',
  UpdateOAuthAppRequest,
);

/** The signed-in user approves `clientId` for `scope`; answers a single-use code bound to client and redirect URI. */
export class AuthorizeRequest {
  @IsString() @MaxLength(64) clientId!: string;
  @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) redirectUri!: string;
  /** Space-separated scopes. */
  @IsString() @MaxLength(1000) scope!: string;
  @IsOptional() @IsString() @MaxLength(500) state?: string;
  /** PKCE (RFC 7636): base64url SHA-256 of the verifier, 43 characters. */
  @Matches(/^[A-Za-z0-9_-]{43}$/) codeChallenge!: string;
  @IsIn(['S256']) codeChallengeMethod!: 'S256';
  @IsOptional() @IsString() @MaxLength(500) nonce?: string;
}
export interface AuthorizeResponse {
  code: string;
  state: string | null;
  /** The redirect URI with `code` (and `state`) added: where the user agent goes next. */
  redirectTo: string;
  expiresIn: number;
}
export const Authorize = defineRpc<AuthorizeRequest, AuthorizeResponse>(
  'auth.oauth2.authorize.v1',
  AuthorizeRequest,
);

export const OAUTH_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** The token endpoint; the gateway has already taken the client credentials from Basic auth or the form. */
export class OAuthTokenRequest {
  @IsIn(OAUTH_GRANT_TYPES) grantType!: (typeof OAUTH_GRANT_TYPES)[number];
  @IsString() @MaxLength(64) clientId!: string;
  @IsString() @MaxLength(200) clientSecret!: string;
  @IsOptional() @IsString() @MaxLength(200) code?: string;
  @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) redirectUri?: string;
  /** PKCE verifier (RFC 7636: 43–128 unreserved characters). */
  @IsOptional() @IsString() @MaxLength(128) codeVerifier?: string;
  @IsOptional() @IsString() @MaxLength(200) refreshToken?: string;
  /** `client_credentials`: space-separated scopes wanted (default: all the application may have). */
  @IsOptional() @IsString() @MaxLength(1000) scope?: string;
}
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Not for `client_credentials` (RFC 6749 §4.4.3): the client asks again with its secret. */
  refresh_token?: string;
  scope: string;
  /** With the `openid` scope. */
  id_token?: string;
}
export const OAuthToken = defineRpc<OAuthTokenRequest, OAuthTokenResponse>(
  'auth.oauth2.token.v1',
  OAuthTokenRequest,
);

/** OpenID Connect userinfo for the bearer of an OAuth access token (or a signed-in session). */
export class UserInfoRequest {}
export interface UserInfoResponse {
  sub: string;
  email?: string;
  email_verified?: boolean;
}
export const GetUserInfo = defineRpc<UserInfoRequest, UserInfoResponse>(
  'auth.oauth2.userinfo.v1',
  UserInfoRequest,
);

export interface AuthorizedAppResponse {
  clientId: string;
  title: string;
  description: string | null;
  websiteUrl: string | null;
  iconUrl: string | null;
  scopes: string[];
  authorizedAt: string;
  updatedAt: string;
}
export class ListAuthorizedAppsRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListAuthorizedApps = defineRpc<ListAuthorizedAppsRequest, Page<AuthorizedAppResponse>>(
  'auth.authorized-app.list-mine.v1',
  ListAuthorizedAppsRequest,
);
/** Withdraws the caller's authorization of a client: its tokens for the caller stop working at once. */
export class RevokeAuthorizedAppRequest {
  @IsString() @MaxLength(64) clientId!: string;
}
export const RevokeAuthorizedApp = defineRpc<RevokeAuthorizedAppRequest, { revoked: true }>(
  'auth.authorized-app.revoke.v1',
  RevokeAuthorizedAppRequest,
);

export const OAUTH_CERTIFICATE_MAX_LENGTH = 16_000;
export const OAUTH_CERTIFICATES_MAX = 10;

/** An X.509 certificate registered for an application (e.g. to verify what it signs). */
export interface OAuthAppCertificateResponse {
  id: string;
  /** SHA-256 of the DER, upper-case hex pairs separated by colons (as `openssl x509 -fingerprint -sha256`). */
  fingerprint: string;
  subject: string;
  validFrom: string;
  validTo: string;
  certificate: string;
  createdAt: string;
}
export class AddOAuthAppCertificateRequest extends OAuthAppRefRequest {
  /** PEM (`-----BEGIN CERTIFICATE-----`). */
  @IsString() @MaxLength(OAUTH_CERTIFICATE_MAX_LENGTH) certificate!: string;
}
export const AddOAuthAppCertificate = defineRpc<AddOAuthAppCertificateRequest, OAuthAppCertificateResponse>(
  'auth.oauth-app-certificate.add.v1',
  AddOAuthAppCertificateRequest,
);
export const ListOAuthAppCertificates = defineRpc<
  OAuthAppRefRequest,
  { items: OAuthAppCertificateResponse[] }
>('auth.oauth-app-certificate.list.v1', OAuthAppRefRequest);
export class OAuthAppCertificateRefRequest extends OAuthAppRefRequest {
  @IsUUID() certificateId!: string;
}
export const RemoveOAuthAppCertificate = defineRpc<OAuthAppCertificateRefRequest, { removed: true }>(
  'auth.oauth-app-certificate.remove.v1',
  OAuthAppCertificateRefRequest,
);
