import { Module } from '@nestjs/common';
import { CompanyCreatedListener } from './listeners/company-created.listener';
import { TenantsHandler } from './tenants.handler';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantsHandler],
  providers: [TenantsService, CompanyCreatedListener],
})
export class TenantsModule {}
