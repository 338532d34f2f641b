import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddContactMethod,
  AppError,
  CONTACT_LABEL_PATTERN,
  ContactKind,
  ListMyContactMethods,
  RemoveContactMethod,
  SendContactVerification,
  VerifyContactMethod,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import {
  AddContactMethodDto,
  ContactMethodDto,
  ContactMethodListDto,
  VerifyContactMethodDto,
} from './dto/contact-method.dto';

function labelOf(label: string): string {
  if (!CONTACT_LABEL_PATTERN.test(label))
    throw new AppError('VALIDATION_FAILED', 'label: not a valid label', [
      { field: 'label', message: 'not a valid label' },
    ]);
  return label;
}

/**
 * Labelled e-mail addresses (`/me/emails`) and phone numbers (`/me/phones`). Each is verified with a code
 * sent to it; the last verified one of a kind cannot be removed.
 */
abstract class ContactMethodsController {
  protected abstract readonly kind: ContactKind;

  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOkResponse({ type: ContactMethodListDto })
  @ApiProblems(401, 403, 404)
  list(@Meta() meta: RequestMeta): Promise<ContactMethodListDto> {
    return this.bus.request(ListMyContactMethods, { kind: this.kind }, meta);
  }

  @Post()
  @ApiCreatedResponse({ type: ContactMethodDto, description: 'Added, unverified; a code was sent to it' })
  @ApiProblems(400, 401, 403, 404, 409)
  add(@Body() body: AddContactMethodDto, @Meta() meta: RequestMeta): Promise<ContactMethodDto> {
    return this.bus.request(AddContactMethod, { kind: this.kind, ...body }, meta);
  }

  @Post(':label/send-code')
  @HttpCode(202)
  @ApiOkResponse({ description: 'A new code was sent; the previous one no longer works' })
  @ApiProblems(400, 401, 403, 404, 409)
  sendCode(@Param('label') label: string, @Meta() meta: RequestMeta) {
    return this.bus.request(SendContactVerification, { kind: this.kind, label: labelOf(label) }, meta);
  }

  @Post(':label/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactMethodDto, description: 'Verified' })
  @ApiProblems(400, 401, 403, 404, 410, 422)
  verify(
    @Param('label') label: string,
    @Body() body: VerifyContactMethodDto,
    @Meta() meta: RequestMeta,
  ): Promise<ContactMethodDto> {
    return this.bus.request(
      VerifyContactMethod,
      { kind: this.kind, label: labelOf(label), code: body.code },
      meta,
    );
  }

  @Delete(':label')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@Param('label') label: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(RemoveContactMethod, { kind: this.kind, label: labelOf(label) }, meta);
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/emails')
export class EmailAddressesController extends ContactMethodsController {
  protected readonly kind = 'email' as const;

  constructor(bus: BusClient) {
    super(bus);
  }
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/phones')
export class PhoneNumbersController extends ContactMethodsController {
  protected readonly kind = 'phone' as const;

  constructor(bus: BusClient) {
    super(bus);
  }
}
