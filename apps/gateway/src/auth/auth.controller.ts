import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetJwks, Login, Logout, Refresh, RegisterUser } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Actor, CurrentActor, Public } from '@roster/security';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisteredUserDto } from './dto/registered-user.dto';
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

  @Post('logout')
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
