import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DiscoverSso } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { LoginDiscoveryDto, SsoQueryDto, SsoRequestDto } from './dto/sso.dto';

const HOW =
  'The answer depends only on the domain after `@` (exact match, case-insensitive), so it never reveals ' +
  'whether an account exists. A domain uses SSO when a company has verified it and configured and enabled ' +
  'SSO for it in directory.';

@ApiTags('auth')
@Controller('auth')
export class SsoController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Get('sso')
  @ApiOkResponse({ type: SsoRequestDto, description: 'The domain signs in through SSO' })
  @ApiNoContentResponse({ description: 'No SSO for this domain: sign in with a password' })
  @ApiProblems(400)
  @ApiOperation({ summary: 'SSO discovery by e-mail domain', description: HOW })
  async sso(
    @Query() query: SsoQueryDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SsoRequestDto | undefined> {
    const { sso } = await this.bus.request(DiscoverSso, { email: query.email }, meta);
    if (!sso) {
      reply.status(204);
      return undefined;
    }
    return sso;
  }

  @Public()
  @Get('discovery')
  @ApiOkResponse({ type: LoginDiscoveryDto })
  @ApiProblems(400)
  @ApiOperation({
    summary: 'How does this e-mail address sign in: password or SSO (and where)?',
    description: `Like \`GET /auth/sso\`, but always 200 with \`method\`. ${HOW}`,
  })
  async discovery(@Query() query: SsoQueryDto, @Meta() meta: RequestMeta): Promise<LoginDiscoveryDto> {
    const { sso } = await this.bus.request(DiscoverSso, { email: query.email }, meta);
    return sso ? { method: 'sso', ...sso } : { method: 'password' };
  }
}
