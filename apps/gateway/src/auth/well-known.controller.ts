import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ACCESS_TOKEN_ALGORITHM, GetJwks, OAUTH_SCOPES } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { Meta } from '../common/request-meta.decorator';
import { GatewayConfig } from '../config/gateway.config';

/** Served at the root (outside /api/v1), where JOSE libraries look for keys. */
@ApiTags('auth')
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Get('jwks.json')
  @ApiOkResponse({ description: 'RFC 7517 key set of the access-token signing keys' })
  jwks(@Meta() meta: RequestMeta) {
    return this.bus.request(GetJwks, {}, meta);
  }

  @Public()
  @Get('openid-configuration')
  @ApiOkResponse({ description: 'OpenID Connect discovery document (OpenID Connect Discovery 1.0)' })
  openidConfiguration() {
    const issuer = this.config.JWT_ISSUER.replace(/\/+$/, '');
    return {
      issuer,
      authorization_endpoint: `${issuer}/api/v1/oauth2/authorize`,
      token_endpoint: `${issuer}/api/v1/oauth2/token`,
      userinfo_endpoint: `${issuer}/api/v1/oauth2/userinfo`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      scopes_supported: [...OAUTH_SCOPES],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [ACCESS_TOKEN_ALGORITHM],
      claims_supported: ['sub', 'email', 'nonce', 'sid'],
    };
  }
}
