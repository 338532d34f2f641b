import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { GetTwoFactorStats, ResetMemberTwoFactor, TwoFactorStatsResponse } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';

export class TwoFactorStatsDto implements TwoFactorStatsResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ description: 'Active members' }) members!: number;
  @ApiProperty({ description: 'Active members with two-factor authentication on' }) withTwoFactor!: number;
  @ApiProperty({ description: '0–100, rounded' }) adoptionPercent!: number;
  @ApiProperty({ description: 'Whether the company enforces two-factor authentication' }) enforced!: boolean;
}

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class CompanyTwoFactorController {
  constructor(private readonly bus: BusClient) {}

  @Get('two-factor-stats')
  @ApiOkResponse({ type: TwoFactorStatsDto })
  @ApiProblems(400, 401, 403, 404)
  @ApiOperation({ summary: 'Two-factor adoption among the company’s members (owners and admins)' })
  stats(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<TwoFactorStatsDto> {
    return this.bus.request(GetTwoFactorStats, { companyId }, meta);
  }

  @Delete('members/:userId/2fa')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'The member’s two-factor authentication is off; they may enrol again',
  })
  @ApiProblems(400, 401, 403, 404, 422)
  @ApiOperation({
    summary: 'Reset a member’s two-factor authentication (company owners and admins; admins not for owners)',
  })
  async reset(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(ResetMemberTwoFactor, { companyId, userId }, meta);
  }
}
