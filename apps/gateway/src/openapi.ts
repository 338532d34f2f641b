import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

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
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'api/v1/openapi.yaml',
  });
}
