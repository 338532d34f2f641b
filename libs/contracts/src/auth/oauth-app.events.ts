import { IsArray, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { defineEvent } from '../define';
import { OAUTH_APP_STATUSES, OAuthAppStatus } from './oauth2';

/**
 * An administrator changed one of the company's OAuth applications (audit log). Never the client secret
 * nor a certificate's contents: a certificate event names its id and SHA-256 fingerprint only.
 */
export class OAuthAppChangedData {
  /** The application's stable id (its `clientId` is the public identifier, `rcl_…`). */
  @IsUUID() oauthAppId!: string;
  @IsString() clientId!: string;
  @IsUUID() companyId!: string;
  @IsString() title!: string;
  @IsIn(OAUTH_APP_STATUSES) status!: OAuthAppStatus;
  /** The names (never the values) of the fields an update changed; empty for the other events. */
  @IsArray() @IsString({ each: true }) changed!: string[];
  @IsOptional() @IsUUID() certificateId?: string;
  @IsOptional() @IsString() fingerprint?: string;
}
export const OAuthAppCreated = defineEvent('auth.events.oauth_app.created', 1, OAuthAppChangedData);
export const OAuthAppUpdated = defineEvent('auth.events.oauth_app.updated', 1, OAuthAppChangedData);
export const OAuthAppDeleted = defineEvent('auth.events.oauth_app.deleted', 1, OAuthAppChangedData);
export const OAuthAppSecretReset = defineEvent('auth.events.oauth_app.secret_reset', 1, OAuthAppChangedData);
export const OAuthAppCertificateAdded = defineEvent(
  'auth.events.oauth_app.certificate_added',
  1,
  OAuthAppChangedData,
);
export const OAuthAppCertificateRemoved = defineEvent(
  'auth.events.oauth_app.certificate_removed',
  1,
  OAuthAppChangedData,
);
