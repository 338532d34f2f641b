import { Global, Module } from '@nestjs/common';
import { CompanyAccessService } from './company-access.service';

/** Global: every directory feature module checks company access the same way. */
@Global()
@Module({ providers: [CompanyAccessService], exports: [CompanyAccessService] })
export class AccessModule {}
