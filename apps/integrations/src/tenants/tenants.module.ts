import { Module } from '@nestjs/common';
import { CompanyCreatedListener } from './listeners/company-created.listener';
import { CompanyUpdatedListener } from './listeners/company-updated.listener';
import { MemberChangesListener } from './listeners/member-changes.listener';
import { TenantsHandler } from './tenants.handler';
import { TenantsService } from './tenants.service';

@Module({
  controllers: [TenantsHandler],
  providers: [TenantsService, CompanyCreatedListener, CompanyUpdatedListener, MemberChangesListener],
  exports: [TenantsService],
})
export class TenantsModule {}
