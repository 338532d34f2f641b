import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import {
  CLIENT_CREDENTIALS_SCOPES,
  ClientCredentialsScope,
  OAUTH_APP_DESCRIPTION_MAX_LENGTH,
  OAUTH_CERTIFICATE_MAX_LENGTH,
  OAuthAppCertificateResponse,
  OAUTH_APP_STATUSES,
  OAUTH_APP_TITLE_MAX_LENGTH,
  OAUTH_REDIRECT_URIS_MAX,
  OAUTH_URL_MAX_LENGTH,
  OAuthAppResponse,
  OAuthAppStatus,
  OAuthAppWithSecretResponse,
  Page,
} from '@roster/contracts';

export class OAuthAppDto implements OAuthAppResponse {
  @ApiProperty({ example: 'rcl_Xk3…', description: 'Public identifier of the application' })
  clientId!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) websiteUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) iconUrl!: string | null;
  @ApiProperty({ type: [String] }) redirectUris!: string[];
  @ApiProperty({ enum: OAUTH_APP_STATUSES }) status!: OAuthAppStatus;
  @ApiProperty({
    enum: CLIENT_CREDENTIALS_SCOPES,
    isArray: true,
    description: 'Scopes the application may obtain for itself with `client_credentials` (empty: grant off)',
  })
  clientCredentialsScopes!: ClientCredentialsScope[];
  @ApiProperty({ description: 'Users who currently authorize this application' })
  authorizationsCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OAuthAppWithSecretDto extends OAuthAppDto implements OAuthAppWithSecretResponse {
  @ApiProperty({ description: 'The client secret: shown this once (only its argon2id hash is kept)' })
  clientSecret!: string;
}

export class OAuthAppPageDto implements Page<OAuthAppResponse> {
  @ApiProperty({ type: [OAuthAppDto] }) items!: OAuthAppDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

const redirectUrisDoc: ApiPropertyOptions = {
  type: String,
  isArray: true,
  maxItems: OAUTH_REDIRECT_URIS_MAX,
  description:
    'Exact redirect URIs (https, or http on localhost; no fragment). The authorization request must name one of them character for character.',
};

const clientCredentialsScopesDoc: ApiPropertyOptions = {
  enum: CLIENT_CREDENTIALS_SCOPES,
  isArray: true,
  description:
    'Company scopes the application may obtain for itself with the `client_credentials` grant (its tokens ' +
    'reach only this company). Empty or absent: the grant is refused (`UNAUTHORIZED_CLIENT`).',
};

export class CreateOAuthAppDto {
  @ApiProperty({ maxLength: OAUTH_APP_TITLE_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(OAUTH_APP_TITLE_MAX_LENGTH)
  title!: string;

  @ApiPropertyOptional({ maxLength: OAUTH_APP_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_APP_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ maxLength: OAUTH_URL_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_URL_MAX_LENGTH)
  websiteUrl?: string | null;

  @ApiPropertyOptional({ maxLength: OAUTH_URL_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_URL_MAX_LENGTH)
  iconUrl?: string | null;

  @ApiProperty(redirectUrisDoc)
  @ArrayMinSize(1)
  @ArrayMaxSize(OAUTH_REDIRECT_URIS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(OAUTH_URL_MAX_LENGTH, { each: true })
  redirectUris!: string[];

  @ApiPropertyOptional(clientCredentialsScopesDoc)
  @IsOptional()
  @ArrayMaxSize(CLIENT_CREDENTIALS_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_CREDENTIALS_SCOPES, { each: true })
  clientCredentialsScopes?: ClientCredentialsScope[];
}

export class UpdateOAuthAppDto {
  @ApiPropertyOptional({ maxLength: OAUTH_APP_TITLE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(OAUTH_APP_TITLE_MAX_LENGTH)
  title?: string;

  @ApiPropertyOptional({ maxLength: OAUTH_APP_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_APP_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ maxLength: OAUTH_URL_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_URL_MAX_LENGTH)
  websiteUrl?: string | null;

  @ApiPropertyOptional({ maxLength: OAUTH_URL_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(OAUTH_URL_MAX_LENGTH)
  iconUrl?: string | null;

  @ApiPropertyOptional(redirectUrisDoc)
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(OAUTH_REDIRECT_URIS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(OAUTH_URL_MAX_LENGTH, { each: true })
  redirectUris?: string[];

  @ApiPropertyOptional(clientCredentialsScopesDoc)
  @IsOptional()
  @ArrayMaxSize(CLIENT_CREDENTIALS_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_CREDENTIALS_SCOPES, { each: true })
  clientCredentialsScopes?: ClientCredentialsScope[];

  @ApiPropertyOptional({
    enum: OAUTH_APP_STATUSES,
    description: '`inactive`: no new authorizations or tokens, and its live tokens stop working at once',
  })
  @IsOptional()
  @IsIn(OAUTH_APP_STATUSES)
  status?: OAuthAppStatus;
}

export class AddCertificateDto {
  @ApiProperty({ maxLength: OAUTH_CERTIFICATE_MAX_LENGTH, description: 'PEM, `-----BEGIN CERTIFICATE-----`' })
  @IsString()
  @MaxLength(OAUTH_CERTIFICATE_MAX_LENGTH)
  certificate!: string;
}

export class OAuthAppCertificateDto implements OAuthAppCertificateResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'SHA-256 of the DER, hex pairs separated by colons' }) fingerprint!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'date-time' }) validFrom!: string;
  @ApiProperty({ format: 'date-time' }) validTo!: string;
  @ApiProperty({ description: 'PEM' }) certificate!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OAuthAppCertificateListDto {
  @ApiProperty({ type: [OAuthAppCertificateDto] }) items!: OAuthAppCertificateDto[];
}
