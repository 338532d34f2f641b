import { Module } from '@nestjs/common';
import { MEMBER_IMPORT_MAX_CHARS } from '@roster/contracts';
import { rawBodyParser } from '../me/raw-body-parser';
import { CSV_CONTENT_TYPES, MemberImportController } from './member-import.controller';

@Module({
  controllers: [MemberImportController],
  providers: [rawBodyParser(CSV_CONTENT_TYPES, MEMBER_IMPORT_MAX_CHARS, 'string')],
})
export class MemberImportModule {}
