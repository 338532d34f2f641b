import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, SetMemberPassword } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';

export class SetMemberPasswordDto {
  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH, description: 'Must meet the sign-up password policy' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class MemberPasswordResultDto {
  @ApiProperty({ description: 'Sessions of the member that were ended' }) revokedSessions!: number;
}

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies/:companyId/members/:userId/password-reset')
export class MemberPasswordController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: MemberPasswordResultDto })
  @ApiProblems(400, 401, 403, 404, 422)
  @ApiOperation({
    summary: 'Set a member’s password (company owners and admins)',
    description:
      'Every session of the member ends. Admins cannot do it for an owner (403); not for yourself (422, use ' +
      'PUT /me/password); a weak password is 422 `WEAK_PASSWORD`; someone who is not a member is 404.',
  })
  set(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() body: SetMemberPasswordDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberPasswordResultDto> {
    return this.bus.request(SetMemberPassword, { companyId, userId, newPassword: body.newPassword }, meta);
  }
}
