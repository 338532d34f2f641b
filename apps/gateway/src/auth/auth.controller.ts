import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckSession, GetJwks, Login, Logout, Refresh, RegisterUser } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Actor, CurrentActor, isApiTokenActor, Public } from '@roster/security';
import { AllowTwoFactorEnrollment, RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisteredUserDto } from './dto/registered-user.dto';
import { SessionCheckDto } from './dto/session-check.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { TokenPairDto } from './dto/token-pair.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Post('signup')
  @ApiProblems(400, 409, 422)
  signUp(@Body() body: SignUpDto, @Meta() meta: RequestMeta): Promise<RegisteredUserDto> {
    return this.bus.request(RegisterUser, body, meta);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401, 429)
  @ApiOperation({
    summary: 'Log in',
    description:
      'With two-factor authentication on, send `totpCode` (or `recoveryCode`) too: without one the answer is 401 ' +
      '`SECOND_FACTOR_REQUIRED`, with a wrong one 401 `INVALID_SECOND_FACTOR`. After too many failures (per ' +
      'account and per client IP) 429 `RATE_LIMITED` with `Retry-After`, before the password is checked.',
  })
  login(@Body() body: LoginDto, @Meta() meta: RequestMeta): Promise<TokenPairDto> {
    return this.bus.request(Login, body, meta);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshDto, @Meta() meta: RequestMeta): Promise<TokenPairDto> {
    return this.bus.request(Refresh, body, meta);
  }

  @Get('check')
  @AllowTwoFactorEnrollment()
  @ApiBearerAuth()
  @RequireScopes()
  @ApiOkResponse({ type: SessionCheckDto })
  @ApiProblems(401)
  @ApiOperation({
    summary: 'Is my bearer (access token or API token) still good?',
    description: 'Asks auth whether the session is still alive, so a revoked session answers 401 at once.',
  })
  async check(@CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<SessionCheckDto> {
    const expiresAt = actor.expiresAt ? new Date(actor.expiresAt * 1000).toISOString() : null;
    if (isApiTokenActor(actor)) {
      // The guard has just asked auth about this token: it is valid right now.
      const { userId, sessionId, scopes } = actor;
      return { valid: true, userId, sessionId, expiresAt, sessionExpiresAt: expiresAt, scopes };
    }
    const session = await this.bus.request(CheckSession, { sessionId: actor.sessionId }, meta);
    return { ...session, expiresAt, sessionExpiresAt: session.expiresAt, scopes: actor.scopes };
  }

  @Post('logout')
  @AllowTwoFactorEnrollment()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiProblems(401)
  async logout(@CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(Logout, { sessionId: actor.sessionId }, meta);
  }

  @Public()
  @Get('jwks')
  @ApiOkResponse({ description: 'RFC 7517 key set of the access-token signing keys' })
  jwks(@Meta() meta: RequestMeta) {
    return this.bus.request(GetJwks, {}, meta);
  }
}
