import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetJwks } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { Meta } from '../common/request-meta.decorator';

/** Served at the root (outside /api/v1), where JOSE libraries look for keys. */
@ApiTags('auth')
@Controller('.well-known')
export class WellKnownController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Get('jwks.json')
  @ApiOkResponse({ description: 'RFC 7517 key set of the access-token signing keys' })
  jwks(@Meta() meta: RequestMeta) {
    return this.bus.request(GetJwks, {}, meta);
  }
}
