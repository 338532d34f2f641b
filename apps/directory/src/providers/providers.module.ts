import { Module } from '@nestjs/common';
import { CompaniesModule } from '../companies/companies.module';
import { MembersModule } from '../members/members.module';
import { ProvidersHandler } from './providers.handler';
import { ProvidersService } from './providers.service';

@Module({
  imports: [CompaniesModule, MembersModule],
  controllers: [ProvidersHandler],
  providers: [ProvidersService],
})
export class ProvidersModule {}
