import { OpenAPIObject } from '@nestjs/swagger';
import { completePathParameters } from './openapi';

describe('completePathParameters', () => {
  it('adds the path parameters a shared route class cannot describe, and keeps the described ones', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/providers/{providerId}/integrations/{type}': {
          get: { parameters: [{ name: 'type', in: 'path', required: true, schema: { enum: ['a'] } }] },
          post: {},
        },
      },
    } as unknown as OpenAPIObject;
    const done = completePathParameters(document).paths['/providers/{providerId}/integrations/{type}'];
    expect(done.get!.parameters).toEqual([
      { name: 'providerId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      { name: 'type', in: 'path', required: true, schema: { enum: ['a'] } },
    ]);
    expect(done.post!.parameters!.map((p) => (p as { name: string }).name)).toEqual(['type', 'providerId']);
  });
});
