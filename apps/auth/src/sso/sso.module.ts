import { Module } from '@nestjs/common';
import { SsoDomainsListener } from './sso-domains.listener';
import { SsoDomainsService } from './sso-domains.service';
import { SsoHandler } from './sso.handler';

@Module({
  controllers: [SsoHandler],
  providers: [SsoDomainsService, SsoDomainsListener],
})
export class SsoModule {}
