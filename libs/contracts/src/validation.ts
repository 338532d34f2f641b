import type { ValidationError } from 'class-validator';
import { AppError, FieldError } from './errors';

/** Flattens class-validator's tree into `field: message` pairs with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** `exceptionFactory` for Nest's ValidationPipe, on HTTP and on NATS alike. */
export function validationFailed(errors: ValidationError[]): AppError {
  const fields = flattenValidationErrors(errors);
  const detail = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('VALIDATION_FAILED', detail || 'The request is not valid', fields);
}
