import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetMyProfile } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { ProfileDto } from './dto/profile.dto';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('profile:read')
  @ApiOkResponse({ type: ProfileDto })
  @ApiProblems(401, 403, 404)
  profile(@Meta() meta: RequestMeta): Promise<ProfileDto> {
    return this.bus.request(GetMyProfile, {}, meta);
  }
}
