import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = 'api/v1/openapi.json';
export const SWAGGER_UI_PATH = 'api/docs';

/** OpenAPI generated from the real controllers and DTOs; Swagger UI beside it. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Roster API')
    .setDescription(
      'Identity, directory, billing and integrations for SaaS vendors and MSPs. Errors are RFC 9457 ' +
        '`application/problem+json` with a stable `code` and the offending `errors[].field`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = completePathParameters(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/v1/openapi.yaml',
  });
}

type Operation = { parameters?: Array<{ name: string; in: string }> };

/**
 * Adds a path parameter that a route does not describe itself: the owner of routes one class serves under
 * two paths (`/companies/{companyId}/integrations/…` and `/providers/{providerId}/integrations/…`; Swagger
 * keeps decorators per method, and the methods are shared). Ids are UUIDs.
 */
export function completePathParameters<T extends OpenAPIObject>(document: T): T {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      for (const name of names) {
        const parameters = (operation.parameters ??= []);
        if (parameters.some((p) => p.in === 'path' && p.name === name)) continue;
        parameters.unshift({
          name,
          in: 'path',
          required: true,
          schema: name.endsWith('Id') ? { type: 'string', format: 'uuid' } : { type: 'string' },
        } as { name: string; in: string });
      }
    }
  }
  return document;
}
