import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ConfirmTotpEnrolment,
  DisableTotp,
  GetTwoFactorStatus,
  RegenerateRecoveryCodes,
  StartTotpEnrolment,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { AllowTwoFactorEnrollment, RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import {
  ReauthenticationDto,
  RecoveryCodesDto,
  TotpCodeDto,
  TotpEnrolmentDto,
  TwoFactorStatusDto,
} from './dto/two-factor.dto';

/** Two-factor authentication with an authenticator app (TOTP), and its recovery codes. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/2fa')
export class TwoFactorController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('account:read')
  @AllowTwoFactorEnrollment()
  @ApiOkResponse({ type: TwoFactorStatusDto })
  @ApiProblems(401, 403)
  status(@Meta() meta: RequestMeta): Promise<TwoFactorStatusDto> {
    return this.bus.request(GetTwoFactorStatus, {}, meta);
  }

  @Post('totp')
  @AllowTwoFactorEnrollment()
  @ApiCreatedResponse({ type: TotpEnrolmentDto, description: 'Pending until confirmed with a code' })
  @ApiProblems(401, 403, 409)
  @ApiOperation({
    summary: 'Start TOTP enrolment (409 while it is on); starting again replaces a pending secret',
  })
  start(@Meta() meta: RequestMeta): Promise<TotpEnrolmentDto> {
    return this.bus.request(StartTotpEnrolment, {}, meta);
  }

  @Post('totp/confirm')
  @AllowTwoFactorEnrollment()
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'On; future logins need a code' })
  @ApiProblems(400, 401, 403, 409, 422)
  @ApiOperation({ summary: 'Turn TOTP on with a code from the app (422 naming `code` if wrong)' })
  confirm(@Body() body: TotpCodeDto, @Meta() meta: RequestMeta): Promise<RecoveryCodesDto> {
    return this.bus.request(ConfirmTotpEnrolment, body, meta);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'New codes; the old ones stop working' })
  @ApiProblems(400, 401, 403, 409, 422, 429)
  @ApiOperation({ summary: 'Replace the recovery codes (needs the password or a current code)' })
  regenerate(@Body() body: ReauthenticationDto, @Meta() meta: RequestMeta): Promise<RecoveryCodesDto> {
    return this.bus.request(RegenerateRecoveryCodes, body, meta);
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Off; recovery codes deleted' })
  @ApiProblems(400, 401, 403, 409, 422, 429)
  @ApiOperation({ summary: 'Turn TOTP off (JSON body with the password or a current code)' })
  async disable(@Body() body: ReauthenticationDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(DisableTotp, body ?? {}, meta);
  }
}
