import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ChangePassword, CheckPasswordStrength, ForgotPassword, ResetPassword } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { Public } from '@roster/security';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { PasswordStrengthDto, PasswordStrengthRequestDto } from './dto/password-strength.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';

@ApiTags('passwords')
@Controller()
export class PasswordsController {
  constructor(private readonly bus: BusClient) {}

  @Put('me/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Changed; every other session of yours has been ended' })
  @ApiProblems(400, 401, 403, 422, 429)
  @ApiOperation({
    summary: 'Change my password',
    description:
      'A wrong current password is 422 `UNPROCESSABLE` naming `currentPassword`. Not with an API token.',
  })
  async change(@Body() body: ChangePasswordDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(ChangePassword, body, meta);
  }

  @Public()
  @Post('auth/password/forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Always, whether or not the account exists; if it does, a reset link is e-mailed',
  })
  @ApiProblems(400)
  async forgot(@Body() body: ForgotPasswordDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(ForgotPassword, body, meta);
  }

  @Public()
  @Post('auth/password/reset')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set; every session of the account has been ended' })
  @ApiProblems(400, 410, 422)
  @ApiOperation({
    summary: 'Set a new password with a reset token',
    description:
      'An unknown token is 400 `VALIDATION_FAILED` naming `token`; a used or expired one is 410 `GONE`. ' +
      'A weak password (422) does not spend the token.',
  })
  async reset(@Body() body: ResetPasswordDto, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(ResetPassword, body, meta);
  }

  @Public()
  @Post('auth/password-strength')
  @HttpCode(200)
  @ApiOkResponse({ type: PasswordStrengthDto })
  @ApiProblems(400)
  strength(
    @Body() body: PasswordStrengthRequestDto,
    @Meta() meta: RequestMeta,
  ): Promise<PasswordStrengthDto> {
    return this.bus.request(CheckPasswordStrength, body, meta);
  }
}
