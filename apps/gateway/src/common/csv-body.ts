import { Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { AppError, MEMBER_IMPORT_MAX_CHARS, validationFailed } from '@roster/contracts';
import { rawBodyParser } from '../me/raw-body-parser';

/** What a CSV upload may be sent as. */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv'] as const;

/** The largest CSV body (text/csv); Fastify answers 413 above it before any handler runs. */
export const CSV_BODY_MAX_BYTES = MEMBER_IMPORT_MAX_CHARS;

/** Registers the text/csv parser (once for the app: every CSV route shares it and its limit). */
export const csvBodyParser = () => rawBodyParser(CSV_CONTENT_TYPES, CSV_BODY_MAX_BYTES, 'string');

export function isCsvContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (CSV_CONTENT_TYPES as readonly string[]).includes(type);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * A body that is either the CSV file itself (text/csv, a string) or JSON `{ csv }` checked against `dto`
 * like any JSON body (400 naming the field). Declare the parameter as `unknown` so the global validation
 * pipe leaves it to this one, and check the content type in the handler (see `csvOf`).
 */
@Injectable()
export class CsvOrJsonBodyPipe implements PipeTransform {
  private readonly json = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationFailed,
  });

  constructor(private readonly dto: new () => { csv: string }) {}

  async transform(value: unknown): Promise<{ csv: string } | string> {
    if (typeof value === 'string') return value;
    return (await this.json.transform(value, { type: 'body', metatype: this.dto })) as { csv: string };
  }
}

/** The CSV text of a body parsed by CsvOrJsonBodyPipe; 415 for any content type but CSV or JSON. */
export function csvOf(body: { csv: string } | string, contentType: string | undefined): string {
  if (typeof body === 'string' && isCsvContentType(contentType)) return body;
  if (typeof body === 'object' && isJsonContentType(contentType)) return body.csv;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv, or JSON { "csv": "…" }');
}
