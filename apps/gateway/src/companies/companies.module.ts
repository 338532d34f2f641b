import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES } from '@roster/contracts';
import { CompaniesController } from './companies.controller';
import { CompanyPurgeController } from './company-purge.controller';
import { CompanySettingsController, OwnershipTransfersController } from './company-settings.controller';
import { acceptRawBody } from './raw-body';

@Module({
  controllers: [
    CompaniesController,
    CompanySettingsController,
    OwnershipTransfersController,
    CompanyPurgeController,
  ],
})
export class CompaniesModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Logos are uploaded as the raw image body (PUT /companies/{id}/logo). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) acceptRawBody(fastify, LOGO_CONTENT_TYPES, 'buffer', LOGO_MAX_BYTES);
  }
}
