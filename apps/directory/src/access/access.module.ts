import { Global, Module } from '@nestjs/common';
import { CompanyAccessService } from './company-access.service';
import { MembershipWriter } from './membership-writer';

/** Global: every directory feature module checks company access and writes memberships the same way. */
@Global()
@Module({
  providers: [CompanyAccessService, MembershipWriter],
  exports: [CompanyAccessService, MembershipWriter],
})
export class AccessModule {}
