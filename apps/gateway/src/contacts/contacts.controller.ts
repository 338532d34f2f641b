import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ConvertContact,
  CreateContact,
  DeleteContact,
  GetContact,
  ImportContacts,
  ListContacts,
  UpdateContact,
} from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { CSV_CONTENT_TYPES, CsvOrJsonBodyPipe, csvOf } from '../common/csv-body';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  CONTACT_LIST_SPEC,
  CompanyContactDto,
  CompanyContactPageDto,
  CreateCompanyContactDto,
  ImportContactsDto,
  ImportContactsResultDto,
  UpdateCompanyContactDto,
} from './dto/contact.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const contact = () => Param('contactId', uuidParam('contactId'));

/** Contacts: people of the company who are not users. Reads: any member; changes: admins. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('companies/:companyId/contacts')
export class ContactsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: CompanyContactDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@company() companyId: string, @Body() body: CreateCompanyContactDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreateContact, { companyId, ...body }, meta);
  }

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanyContactPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListContacts,
      { companyId, query: parseListQuery(query, CONTACT_LIST_SPEC) },
      meta,
    );
  }

  @Post('import')
  @HttpCode(200)
  @RequireScopes('companies:write')
  @ApiConsumes('application/json', ...CSV_CONTENT_TYPES)
  @ApiExtraModels(ImportContactsDto)
  @ApiBody({
    description:
      'The CSV file itself (text/csv, at most 512 KiB), or JSON `{ "csv": "…" }`. Header row: email, ' +
      'first_name (required), last_name, phone; at most 1000 rows',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ImportContactsDto) },
        { type: 'string', example: 'email,first_name,last_name\nann@example.com,Ann,Lee\n' },
      ],
    },
  })
  @ApiOkResponse({ type: ImportContactsResultDto, description: 'Known e-mails are skipped; bad rows listed' })
  @ApiProblems(400, 401, 403, 404, 413, 415, 422)
  import(
    @company() companyId: string,
    @Body(new CsvOrJsonBodyPipe(ImportContactsDto)) body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Meta() meta: RequestMeta,
  ) {
    const csv = csvOf(body as ImportContactsDto | string, contentType);
    return this.bus.request(ImportContacts, { companyId, csv }, meta);
  }

  @Get(':contactId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanyContactDto })
  @ApiProblems(400, 401, 403, 404)
  get(@company() companyId: string, @contact() contactId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetContact, { companyId, contactId }, meta);
  }

  @Patch(':contactId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: CompanyContactDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @company() companyId: string,
    @contact() contactId: string,
    @Body() body: UpdateCompanyContactDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateContact, { companyId, contactId, ...body }, meta);
  }

  @Delete(':contactId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async delete(@company() companyId: string, @contact() contactId: string, @Meta() meta: RequestMeta) {
    await this.bus.request(DeleteContact, { companyId, contactId }, meta);
  }

  @Post(':contactId/convert')
  @HttpCode(202)
  @RequireScopes('companies:write')
  @ApiOkResponse({
    type: CompanyContactDto,
    description:
      '`converted` at once when the e-mail’s user is already a member; otherwise `pending_conversion` until that ' +
      'user joins (an invitation is sent by the invitations feature)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  convert(@company() companyId: string, @contact() contactId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ConvertContact, { companyId, contactId }, meta);
  }
}
