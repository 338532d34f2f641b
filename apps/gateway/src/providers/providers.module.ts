import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CUSTOMER_IMPORT_MAX_BYTES } from '@roster/contracts';
import { acceptRawBody } from '../companies/raw-body';
import { ProvidersController } from './providers.controller';

@Module({ controllers: [ProvidersController] })
export class ProvidersModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Customer imports arrive as a text/csv body. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) acceptRawBody(fastify, ['text/csv'], 'string', CUSTOMER_IMPORT_MAX_BYTES);
  }
}
