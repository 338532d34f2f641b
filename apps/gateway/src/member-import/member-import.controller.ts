import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  AppError,
  ImportMembers,
  MEMBER_IMPORT_MAX_CHARS,
  MemberImportFailure,
  MemberImportReport,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { CSV_CONTENT_TYPES, isCsvContentType } from '../common/csv-body';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';

class MemberImportFailureDto implements MemberImportFailure {
  @ApiProperty() line!: number;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() reason!: string;
}

class MemberImportReportDto implements MemberImportReport {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Existing users added' }) created!: number;
  @ApiProperty({ description: 'Unknown e-mails invited' }) invited!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [MemberImportFailureDto] }) failures!: MemberImportFailureDto[];
  @ApiProperty({ description: 'The subscription’s seats ran out; later rows were not imported' })
  maxSubscriptionSizeReached!: boolean;
}

@ApiTags('members')
@ApiBearerAuth()
@Controller('companies/:companyId/members/import')
export class MemberImportController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @HttpCode(200)
  @ApiConsumes(...CSV_CONTENT_TYPES)
  @ApiBody({
    description: 'CSV with a header: `email` (required), `role` (member|admin, default member)',
    schema: { type: 'string', example: 'email,role\nann@example.com,admin\nbob@example.com,member\n' },
  })
  @ApiOkResponse({ type: MemberImportReportDto })
  @ApiProblems(400, 401, 403, 404, 413, 415)
  import(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Meta() meta: RequestMeta,
  ): Promise<MemberImportReportDto> {
    if (!isCsvContentType(contentType) || typeof body !== 'string')
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv');
    if (body.length > MEMBER_IMPORT_MAX_CHARS)
      throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large');
    return this.bus.request(ImportMembers, { companyId, csv: body }, meta);
  }
}
