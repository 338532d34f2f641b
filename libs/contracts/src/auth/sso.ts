import { IsEmail, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { EMAIL_MAX_LENGTH } from './limits';

/** Which way an e-mail address signs in, from its domain alone (it never says whether the user exists). */
export class DiscoverSsoRequest {
  @IsEmail() @MaxLength(EMAIL_MAX_LENGTH) email!: string;
}
export interface SsoDiscoveryResponse {
  /** Null when the domain has no verified SSO configuration: sign in with a password. */
  sso: { protocol: 'oidc' | 'saml'; loginUrl: string } | null;
}
export const DiscoverSso = defineRpc<DiscoverSsoRequest, SsoDiscoveryResponse>(
  'auth.sso.discover.v1',
  DiscoverSsoRequest,
);
