import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, Authorize, GetUserInfo, OAuthToken } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import {
  AuthorizeQueryDto,
  AuthorizeResultDto,
  TokenRequestDto,
  TokenResponseDto,
  UserInfoDto,
} from './dto/oauth2.dto';

/** `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1: both form-urlencoded). */
export function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | null {
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}

/** The OAuth 2.0 / OpenID Connect provider endpoints. */
@ApiTags('oauth2')
@Controller('oauth2')
export class OAuth2Controller {
  constructor(private readonly bus: BusClient) {}

  @Get('authorize')
  @ApiBearerAuth()
  @ApiOkResponse({ type: AuthorizeResultDto })
  @ApiProblems(400, 401, 403)
  @ApiOperation({
    summary: 'Approve an application and get an authorization code',
    description:
      'Called by the signed-in user’s own client (the consent screen) with the authorization request ' +
      'parameters. PKCE with S256 is required. An unknown client, an unregistered redirect URI or an unknown ' +
      'scope is a 400 problem (never a redirect). The answer carries the code and `redirectTo`, the redirect ' +
      'URI with `code` and `state`, where the user agent goes next. Only with one’s own session (no API, ' +
      'OAuth or impersonation token).',
  })
  authorize(@Query() query: AuthorizeQueryDto, @Meta() meta: RequestMeta): Promise<AuthorizeResultDto> {
    return this.bus.request(
      Authorize,
      {
        clientId: query.client_id,
        redirectUri: query.redirect_uri,
        scope: query.scope,
        state: query.state,
        codeChallenge: query.code_challenge,
        codeChallengeMethod: query.code_challenge_method,
        nonce: query.nonce,
      },
      meta,
    );
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401)
  @ApiOperation({
    summary: 'Token endpoint',
    description:
      '`authorization_code` (with `code`, `redirect_uri`, `code_verifier`) or `refresh_token` (rotated: a ' +
      'reused one revokes the grant). The client authenticates with HTTP Basic or `client_id` + ' +
      '`client_secret` in the body; a failed client authentication is 401, a bad code or refresh token 400 ' +
      '`INVALID_GRANT` (refresh: 401 `INVALID_REFRESH_TOKEN`). A reused code revokes the tokens it gave. ' +
      '`client_credentials` (optional `scope`): an access token for the application itself (`sub` = ' +
      '`client_id`, claim `company_id`), no refresh token; only scopes listed in the application’s ' +
      '`clientCredentialsScopes` (none listed: 400 `UNAUTHORIZED_CLIENT`; another scope: 400 `INVALID_SCOPE`). ' +
      'Such a token reaches only routes open to its scopes, only in its company, and stops working at once ' +
      'when the application is deactivated or deleted or its secret is reset.',
  })
  token(
    @Body() body: TokenRequestDto,
    @Headers('authorization') authorization: string | undefined,
    @Meta() meta: RequestMeta,
  ): Promise<TokenResponseDto> {
    const basic = basicCredentials(authorization);
    const clientId = basic?.clientId ?? body.client_id;
    const clientSecret = basic?.clientSecret ?? body.client_secret;
    if (!clientId || !clientSecret)
      throw new AppError('UNAUTHENTICATED', 'Client authentication is required');
    return this.bus.request(
      OAuthToken,
      {
        grantType: body.grant_type,
        clientId,
        clientSecret,
        code: body.code,
        redirectUri: body.redirect_uri,
        codeVerifier: body.code_verifier,
        refreshToken: body.refresh_token,
        scope: body.scope,
      },
      meta,
    );
  }

  @Get('userinfo')
  @ApiBearerAuth()
  @RequireScopes()
  @ApiOkResponse({ type: UserInfoDto })
  @ApiProblems(401, 403)
  @ApiOperation({ summary: 'OpenID Connect userinfo (an application’s token needs the `openid` scope)' })
  userInfo(@Meta() meta: RequestMeta): Promise<UserInfoDto> {
    return this.bus.request(GetUserInfo, {}, meta);
  }
}
