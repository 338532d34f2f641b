import { Module } from '@nestjs/common';
import { CompanyLifecycleListener } from './company-lifecycle.listener';
import { CompanyLifecycleService } from './company-lifecycle.service';

/** Pauses, resumes and purges a company's integrations as directory deletes, restores and purges it. */
@Module({ providers: [CompanyLifecycleService, CompanyLifecycleListener] })
export class CompanyLifecycleModule {}
