import { isEmail } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError, CompanyRole, MemberImportFailure } from '@roster/contracts';

export interface MemberCsvRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  email: string;
  role: CompanyRole;
}

export const IMPORTABLE_ROLES: readonly CompanyRole[] = ['member', 'admin'];

const fatal = (line: number, message: string) =>
  new AppError('VALIDATION_FAILED', `line ${line}: ${message}`, [{ field: `csv.line.${line}`, message }]);

/**
 * Parses the file and sorts its rows into usable ones and row-level failures (a bad e-mail, an unknown
 * role, a repeated e-mail). A file that is not CSV, or has no `email` column, is a 400 naming the line.
 */
export function parseMemberCsv(csv: string): {
  total: number;
  rows: MemberCsvRow[];
  failures: MemberImportFailure[];
} {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as never;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      throw fatal(line, error.message.replace(/^Invalid [^:]*: /, ''));
    }
    throw error;
  }
  if (!csv.trim()) throw fatal(1, 'the file is empty; a header with an email column is required');
  const header = Object.keys(records[0]?.record ?? headerOf(csv));
  if (!header.includes('email')) throw fatal(1, 'the header has no email column');

  const rows: MemberCsvRow[] = [];
  const failures: MemberImportFailure[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const email = (record.email ?? '').toLowerCase();
    const role = (record.role || 'member').toLowerCase() as CompanyRole;
    if (!isEmail(email)) failures.push({ line, email: email || null, reason: 'not an e-mail address' });
    else if (!IMPORTABLE_ROLES.includes(role))
      failures.push({ line, email, reason: `role must be one of ${IMPORTABLE_ROLES.join(', ')}` });
    else if (seen.has(email))
      failures.push({ line, email, reason: 'the e-mail appears earlier in the file' });
    else {
      seen.add(email);
      rows.push({ line, email, role });
    }
  }
  return { total: records.length, rows, failures };
}

function headerOf(csv: string): Record<string, string> {
  const first = csv.split(/\r?\n/, 1)[0] ?? '';
  return Object.fromEntries(first.split(',').map((h) => [h.trim().toLowerCase(), '']));
}
