import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DisableUser, EnableUser, UserStatusResponse } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';

export class UserStatusDto implements UserStatusResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiPropertyOptional({ description: 'Sessions this call revoked (disable only)' }) revokedSessions?: number;
}

/** Platform-level account administration (auth's `PLATFORM_OPERATORS`, with their own session only). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users/:userId')
export class UserAdminController {
  constructor(private readonly bus: BusClient) {}

  @Post('disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusDto })
  @ApiProblems(400, 401, 403, 404, 422)
  @ApiOperation({
    summary: 'Disable an account (platform operators)',
    description:
      'The account can no longer log in (403 `ACCOUNT_DISABLED` after a correct password); all its sessions ' +
      '(logins, OAuth grants, impersonations of it or by it) are revoked and every gateway refuses their access ' +
      'tokens within a second; its refresh tokens and API tokens stop working at once. Emits ' +
      '`auth.events.user.disabled`. Idempotent. An operator cannot disable themself (422); anyone else: 403.',
  })
  disable(
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<UserStatusDto> {
    return this.bus.request(DisableUser, { userId }, meta);
  }

  @Post('enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserStatusDto })
  @ApiProblems(400, 401, 403, 404)
  @ApiOperation({
    summary: 'Enable a disabled account again (platform operators)',
    description:
      'The user may log in again; sessions revoked by the disable stay revoked. Emits `auth.events.user.enabled`.',
  })
  enable(
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<UserStatusDto> {
    return this.bus.request(EnableUser, { userId }, meta);
  }
}
