import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  AppError,
  COMPANY_DESCRIPTION_MAX_LENGTH,
  COMPANY_NAME_MAX_LENGTH,
  CustomerResponse,
  FieldError,
} from '@roster/contracts';

export interface CustomerImportRow {
  line: number;
  name: string;
  description: string | null;
}

const invalid = (errors: FieldError[]) =>
  new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

/**
 * Parses `name,description` CSV (header required, other columns refused). Any bad line makes the whole
 * import a 400 naming the line, so nothing is half imported. Lines are counted as in the file (header = 1).
 */
export function parseCustomersCsv(csv: string): CustomerImportRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { skip_empty_lines: true, bom: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalid([{ field: `line ${line ?? '?'}`, message: 'is not valid CSV' }]);
  }
  const [header, ...rows] = records;
  const columns = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => c !== 'name' && c !== 'description');
  if (!columns.includes('name') || unknown.length)
    throw invalid([{ field: 'line 1', message: 'header must be name[,description]' }]);
  const nameAt = columns.indexOf('name');
  const descriptionAt = columns.indexOf('description');
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  const parsed = rows.map(({ record: row, info }) => {
    const line = info.lines;
    const name = (row[nameAt] ?? '').trim();
    const description = descriptionAt >= 0 ? (row[descriptionAt] ?? '').trim() || null : null;
    if (!name) errors.push({ field: `line ${line}`, message: 'name must not be blank' });
    else if (name.length > COMPANY_NAME_MAX_LENGTH)
      errors.push({ field: `line ${line}`, message: `name is longer than ${COMPANY_NAME_MAX_LENGTH}` });
    else if (seen.has(name.toLowerCase()))
      errors.push({ field: `line ${line}`, message: `name "${name}" appears twice` });
    if (description && description.length > COMPANY_DESCRIPTION_MAX_LENGTH)
      errors.push({
        field: `line ${line}`,
        message: `description is longer than ${COMPANY_DESCRIPTION_MAX_LENGTH}`,
      });
    seen.add(name.toLowerCase());
    return { line, name, description };
  });
  if (!parsed.length) throw invalid([{ field: 'line 2', message: 'no customers in the file' }]);
  if (errors.length) throw invalid(errors);
  return parsed;
}

export function customersToCsv(customers: CustomerResponse[]): string {
  return stringify(
    customers.map((c) => [c.id, c.name, c.description ?? '', c.activeSeats, c.createdAt]),
    { header: true, columns: ['id', 'name', 'description', 'activeSeats', 'createdAt'] },
  );
}
