import { Module } from '@nestjs/common';
import { PICTURE_CONTENT_TYPES, PICTURE_MAX_BYTES } from '@roster/contracts';
import { EmailAddressesController, PhoneNumbersController } from './contact-methods.controller';
import { MeController, UsersController } from './me.controller';
import { rawBodyParser } from './raw-body-parser';

@Module({
  controllers: [MeController, UsersController, EmailAddressesController, PhoneNumbersController],
  providers: [rawBodyParser(PICTURE_CONTENT_TYPES, PICTURE_MAX_BYTES, 'buffer')],
})
export class MeModule {}
