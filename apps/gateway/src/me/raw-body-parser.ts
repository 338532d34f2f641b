import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Lets a module accept a non-JSON body (a picture, a CSV file) with its own size limit: Fastify answers
 * 413 above `bodyLimit` before any handler runs. Registered while the app initialises, before it listens.
 */
export function rawBodyParser(types: readonly string[], bodyLimit: number, as: 'buffer' | 'string') {
  @Injectable()
  class RawBodyParser implements OnModuleInit {
    constructor(readonly adapterHost: HttpAdapterHost) {}

    onModuleInit(): void {
      const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
      if (!fastify) return;
      for (const type of types) {
        if (fastify.hasContentTypeParser(type)) continue;
        fastify.addContentTypeParser(type, { parseAs: as, bodyLimit }, (_request, body, done) =>
          done(null, body),
        );
      }
    }
  }
  return RawBodyParser;
}
