import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  AuthorizedAppResponse,
  AuthorizeResponse,
  OAUTH_GRANT_TYPES,
  OAUTH_SCOPES,
  OAUTH_URL_MAX_LENGTH,
  OAuthTokenResponse,
  Page,
  UserInfoResponse,
} from '@roster/contracts';

/** The authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636), in its standard snake_case. */
export class AuthorizeQueryDto {
  @ApiProperty({ enum: ['code'] }) @IsIn(['code']) response_type!: 'code';
  @ApiProperty() @IsString() @MaxLength(64) client_id!: string;
  @ApiProperty({ description: 'Must equal one of the application’s registered redirect URIs' })
  @IsString()
  @MaxLength(OAUTH_URL_MAX_LENGTH)
  redirect_uri!: string;
  @ApiProperty({ description: `Space-separated, of: ${OAUTH_SCOPES.join(', ')}` })
  @IsString()
  @MaxLength(1000)
  scope!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) state?: string;
  @ApiProperty({ description: 'BASE64URL(SHA256(code_verifier)), 43 characters' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a base64url SHA-256 (43 characters)' })
  code_challenge!: string;
  @ApiProperty({ enum: ['S256'], description: 'Only S256; `plain` is refused' })
  @IsIn(['S256'])
  code_challenge_method!: 'S256';
  @ApiPropertyOptional({ description: 'Echoed in the ID token' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  nonce?: string;
}

export class AuthorizeResultDto implements AuthorizeResponse {
  @ApiProperty({ description: 'Single use, bound to the client and the redirect URI' }) code!: string;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiProperty({ description: 'The redirect URI with `code` and `state` added' }) redirectTo!: string;
  @ApiProperty({ description: 'Seconds the code stays valid' }) expiresIn!: number;
}

/** The token request (RFC 6749 §4.1.3, §6), as a form or JSON; client credentials here or by HTTP Basic. */
export class TokenRequestDto {
  @ApiProperty({ enum: OAUTH_GRANT_TYPES })
  @IsIn(OAUTH_GRANT_TYPES)
  grant_type!: (typeof OAUTH_GRANT_TYPES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(OAUTH_URL_MAX_LENGTH) redirect_uri?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) code_verifier?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) refresh_token?: string;
  @ApiPropertyOptional({
    description:
      '`client_credentials`: space-separated scopes wanted, each allowed to the application (default: all of them)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;
  @ApiPropertyOptional({ description: 'With client_secret, instead of HTTP Basic' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  client_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) client_secret?: string;
}

export class TokenResponseDto implements OAuthTokenResponse {
  @ApiProperty() access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty() expires_in!: number;
  @ApiPropertyOptional({ description: 'Not for `client_credentials`' }) refresh_token?: string;
  @ApiProperty() scope!: string;
  @ApiPropertyOptional({ description: 'OpenID Connect ID token, with the `openid` scope' }) id_token?: string;
}

export class UserInfoDto implements UserInfoResponse {
  @ApiProperty() sub!: string;
  @ApiPropertyOptional({ description: 'With the `email` scope' }) email?: string;
}

export class AuthorizedAppDto implements AuthorizedAppResponse {
  @ApiProperty() clientId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) websiteUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) iconUrl!: string | null;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) authorizedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AuthorizedAppPageDto implements Page<AuthorizedAppResponse> {
  @ApiProperty({ type: [AuthorizedAppDto] }) items!: AuthorizedAppDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
