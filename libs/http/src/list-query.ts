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

/** What a list endpoint lets callers sort and filter by, and with which operators. */
export interface ListQuerySpec {
  sortable: readonly string[];
  filterable: Readonly<Record<string, readonly FilterOperator[]>>;
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

/**
 * Parses the list grammar shared by every collection:
 * `limit` (1–100, default 20), `skip`, `sort=name,-createdAt`, and repeatable `filter=field:op:value`
 * with `eq ne gt ge lt le between search in`; `in` and `between` take `|`-separated values.
 * Unknown fields or operators are a 400 naming the parameter.
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
    const allowed = spec.filterable[field];
    if (!allowed) {
      throw invalid(
        'filter',
        `cannot filter by "${field}"; allowed: ${Object.keys(spec.filterable).join(', ')}`,
      );
    }
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
    return Object.assign(new FilterTerm(), { field, op: op as FilterOperator, values });
  });
  return query;
}
