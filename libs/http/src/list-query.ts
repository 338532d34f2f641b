import {
  AppError,
  FILTER_OPERATORS,
  FilterOperator,
  FilterTerm,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  ListQuery,
  SortTerm,
} from '@roster/contracts';

/**
 * The type of a filterable field: its values are checked before they reach a service, so a value the
 * column cannot hold is a 400 naming `filter`, never a database error. `search` values are free text on
 * every type (they are matched as text).
 */
export type FilterType = 'text' | 'date' | 'uuid' | 'boolean' | 'number' | 'enum';

/** A filterable field: its type, the operators it takes and, for `enum`, the values it may have. */
export interface FilterField {
  type: FilterType;
  ops: readonly FilterOperator[];
  values?: readonly string[];
}

const RANGE: readonly FilterOperator[] = ['gt', 'ge', 'lt', 'le', 'between'];

/** Field declarations with the usual operators of each type (pass `ops` to narrow or widen them). */
export const filterField = {
  text: (ops: readonly FilterOperator[] = ['eq', 'ne', 'search', 'in']): FilterField => ({
    type: 'text',
    ops,
  }),
  /** `YYYY-MM-DD` or an ISO 8601 date-time (`2026-01-31T12:00:00Z`, offset optional). */
  date: (ops: readonly FilterOperator[] = RANGE): FilterField => ({ type: 'date', ops }),
  uuid: (ops: readonly FilterOperator[] = ['eq', 'in']): FilterField => ({ type: 'uuid', ops }),
  /** `true` or `false`. */
  boolean: (ops: readonly FilterOperator[] = ['eq']): FilterField => ({ type: 'boolean', ops }),
  /** A whole number (at most 15 digits). */
  number: (ops: readonly FilterOperator[] = ['eq', 'ne', ...RANGE]): FilterField => ({ type: 'number', ops }),
  enum: (values: readonly string[], ops: readonly FilterOperator[] = ['eq', 'ne', 'in']): FilterField => ({
    type: 'enum',
    ops,
    values,
  }),
};

/** What a list endpoint lets callers sort and filter by, and with which operators and value types. */
export interface ListQuerySpec {
  sortable: readonly string[];
  filterable: Readonly<Record<string, FilterField>>;
  defaultSort?: SortTerm[];
}

export interface RawListQuery {
  limit?: string | number;
  skip?: string | number;
  sort?: string;
  filter?: string | string[];
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

function integer(
  raw: string | number | undefined,
  field: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** A calendar date (no 31 February) and a time of day that Postgres reads as the same instant. */
export function isFilterDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  // Year 2000 is a leap year like any year Postgres accepts 29 February in; the year itself is checked below.
  if (date.getUTCMonth() !== month - 1) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

const TYPE_CHECKS: Record<
  Exclude<FilterType, 'text'>,
  { ok: (v: string, f: FilterField) => boolean; what: (f: FilterField) => string }
> = {
  date: { ok: isFilterDate, what: () => 'a date (YYYY-MM-DD or an ISO 8601 date-time)' },
  uuid: { ok: (v) => UUID.test(v), what: () => 'a UUID' },
  boolean: { ok: (v) => v === 'true' || v === 'false', what: () => 'true or false' },
  number: { ok: (v) => /^-?\d{1,15}$/.test(v), what: () => 'a whole number' },
  enum: { ok: (v, f) => (f.values ?? []).includes(v), what: (f) => `one of ${(f.values ?? []).join(', ')}` },
};

/** Refuses a value the field's column cannot hold (`search` values are text on every type). */
function checkValues(
  expression: string,
  field: string,
  op: FilterOperator,
  spec: FilterField,
  values: string[],
): void {
  for (const value of values) {
    // Postgres text cannot hold NUL; other control characters are never meaningful in a filter.
    if (CONTROL_CHARACTER.test(value))
      throw invalid('filter', `"${expression}": control characters are not allowed in a value`);
    if (op === 'search' || spec.type === 'text') continue;
    const check = TYPE_CHECKS[spec.type];
    if (!check.ok(value, spec))
      throw invalid(
        'filter',
        `"${expression}": "${value}" is not ${check.what(spec)} (${field} is a ${spec.type} field)`,
      );
  }
}

/**
 * Parses the list grammar shared by every collection:
 * `limit` (1–100, default 20), `skip`, `sort=name,-createdAt`, and repeatable `filter=field:op:value`
 * with `eq ne gt ge lt le between search in`; `in` and `between` take `|`-separated values.
 * Unknown fields or operators, and values their field's type cannot hold, are a 400 naming the parameter.
 */
export function parseListQuery(raw: RawListQuery, spec: ListQuerySpec): ListQuery {
  const query = new ListQuery();
  query.limit = integer(raw.limit, 'limit', 1, LIST_LIMIT_MAX, LIST_LIMIT_DEFAULT);
  query.skip = integer(raw.skip, 'skip', 0, 1_000_000, 0);

  query.sort = spec.defaultSort ?? [];
  if (raw.sort !== undefined && raw.sort !== '') {
    query.sort = raw.sort.split(',').map((part) => {
      const direction = part.startsWith('-') ? 'desc' : 'asc';
      const field = part.replace(/^[-+]/, '').trim();
      if (!spec.sortable.includes(field)) {
        throw invalid('sort', `cannot sort by "${field}"; allowed: ${spec.sortable.join(', ')}`);
      }
      return Object.assign(new SortTerm(), { field, direction });
    });
  }

  const filters = raw.filter === undefined ? [] : Array.isArray(raw.filter) ? raw.filter : [raw.filter];
  query.filter = filters.map((expression) => {
    const match = /^([A-Za-z][A-Za-z0-9_.]*):([a-z]+):(.*)$/s.exec(expression);
    if (!match) throw invalid('filter', `"${expression}" is not field:operator:value`);
    const [, field, op, value] = match;
    const declared = Object.prototype.hasOwnProperty.call(spec.filterable, field)
      ? spec.filterable[field]
      : undefined;
    if (!declared) {
      throw invalid(
        'filter',
        `cannot filter by "${field}"; allowed: ${Object.keys(spec.filterable).join(', ')}`,
      );
    }
    const allowed = declared.ops;
    if (!(FILTER_OPERATORS as readonly string[]).includes(op) || !allowed.includes(op as FilterOperator)) {
      throw invalid(
        'filter',
        `operator "${op}" is not allowed on "${field}"; allowed: ${allowed.join(', ')}`,
      );
    }
    const values = op === 'in' || op === 'between' ? value.split('|') : [value];
    if (op === 'between' && values.length !== 2)
      throw invalid('filter', `between takes two values: low|high`);
    if (values.some((v) => v.length === 0 || v.length > 200))
      throw invalid('filter', `empty or too long value`);
    checkValues(expression, field, op as FilterOperator, declared, values);
    return Object.assign(new FilterTerm(), { field, op: op as FilterOperator, values });
  });
  return query;
}
