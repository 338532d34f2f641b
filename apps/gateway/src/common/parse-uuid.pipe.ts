import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from '@roster/contracts';

/** `:companyId` and friends: a malformed id is a 400 naming the parameter. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({
    version: undefined,
    exceptionFactory: () =>
      new AppError('VALIDATION_FAILED', `${name}: must be a UUID`, [
        { field: name, message: 'must be a UUID' },
      ]),
  });
