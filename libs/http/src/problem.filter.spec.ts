import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from '@roster/contracts';
import { ProblemFilter } from './problem.filter';

describe('ProblemFilter.toProblem', () => {
  const filter = new ProblemFilter();

  it('keeps an AppError’s status, code and fields', () => {
    const problem = filter.toProblem(
      new AppError('VALIDATION_FAILED', 'name: too long', [{ field: 'name', message: 'too long' }]),
    );
    expect(problem).toEqual({
      type: 'urn:roster:problem:validation-failed',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'name: too long',
      errors: [{ field: 'name', message: 'too long' }],
    });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(filter.toProblem(new BadRequestException())).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('maps Fastify body errors (bad JSON, too large) and names the body', () => {
    const badJson = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(filter.toProblem(badJson)).toMatchObject({ status: 400, errors: [{ field: 'body' }] });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(filter.toProblem(tooLarge)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('hides unexpected errors behind a 500 without internals', () => {
    const problem = filter.toProblem(new TypeError('secret internals at /srv/app.js:1'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toContain('secret internals');
  });
});
