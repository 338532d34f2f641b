import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or invalid request (problem+json names the fields)',
  401: 'Missing, invalid or expired credentials',
  403: 'Authenticated, but your role (or your API token’s scopes) does not allow this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  410: 'No longer valid (used or expired)',
  422: 'Well-formed but refused (e.g. a weak password)',
  429: 'Too many requests; see Retry-After',
};

/** Documents the problem+json responses a route can give. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...[...statuses, 503, 504].map((status) =>
      ApiResponse({
        status,
        description:
          DESCRIPTIONS[status] ??
          (status === 503 ? 'A service is unavailable' : 'A service did not answer in time'),
        type: ProblemDto,
      }),
    ),
  );
