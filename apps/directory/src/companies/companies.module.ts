import { Module } from '@nestjs/common';
import { CompaniesHandler } from './companies.handler';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';
import { CompanyPurgeService } from './company-purge.service';

@Module({
  controllers: [CompaniesHandler],
  providers: [CompaniesService, CompaniesRepository, CompanyPurgeService],
  exports: [CompaniesService],
})
export class CompaniesModule {}
