import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { EndImpersonation, ImpersonationResponse, StartImpersonation } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';

export class ImpersonationDto implements ImpersonationResponse {
  @ApiProperty({ description: 'Access token for the member, with `act.sub` naming you' })
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds; at most an hour' }) expiresIn!: number;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'uuid' }) impersonatorId!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
}

@ApiTags('impersonation')
@ApiBearerAuth()
@Controller()
export class ImpersonationController {
  constructor(private readonly bus: BusClient) {}

  @Post('companies/:companyId/members/:userId/impersonate')
  @ApiCreatedResponse({ type: ImpersonationDto })
  @ApiProblems(400, 401, 403, 404, 422)
  @ApiOperation({
    summary: 'Act as a member of the company (owners and admins)',
    description:
      'An owner or admin of the company gets a short-lived token (at most an hour, no refresh) for one of its ' +
      'members; admins cannot act as an owner (403). Non-members of the company, and targets who are not its ' +
      'members, are 404. The token carries an `act` claim (RFC 8693) naming the impersonator and the API scopes ' +
      'only: it cannot change passwords, 2FA or tokens, nor impersonate further. Start and end are audit events ' +
      '(`auth.events.impersonation.started` / `ended`).',
  })
  start(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<ImpersonationDto> {
    return this.bus.request(StartImpersonation, { companyId, userId }, meta);
  }

  @Post('auth/impersonation/end')
  @HttpCode(204)
  @RequireScopes()
  @ApiNoContentResponse({ description: 'Ended: the impersonation token is refused from now on' })
  @ApiProblems(401, 404)
  @ApiOperation({ summary: 'End the impersonation (call it with the impersonation token)' })
  async end(@Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(EndImpersonation, {}, meta);
  }
}
