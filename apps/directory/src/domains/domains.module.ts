import { Module } from '@nestjs/common';
import { DnsTxtLookup } from './dns-txt-lookup';
import { DomainsHandler } from './domains.handler';
import { DomainsService } from './domains.service';

@Module({ controllers: [DomainsHandler], providers: [DomainsService, DnsTxtLookup] })
export class DomainsModule {}
