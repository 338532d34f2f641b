import { Module } from '@nestjs/common';
import { csvBodyParser } from '../common/csv-body';
import { MemberImportController } from './member-import.controller';

@Module({
  controllers: [MemberImportController],
  providers: [csvBodyParser()],
})
export class MemberImportModule {}
