import { AppError } from '@roster/contracts';
import { filterField, isFilterDate, ListQuerySpec, parseListQuery } from './list-query';

const spec: ListQuerySpec = {
  sortable: ['name', 'createdAt'],
  filterable: {
    name: filterField.text(['eq', 'search', 'in']),
    createdAt: filterField.date(['gt', 'between']),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    return (error as AppError).errors?.[0]?.field;
  }
  throw new Error('expected a validation error');
}

describe('parseListQuery', () => {
  it('defaults to the first 20 in the default order', () => {
    expect(parseListQuery({}, spec)).toMatchObject({
      limit: 20,
      skip: 0,
      sort: [{ field: 'createdAt', direction: 'asc' }],
      filter: [],
    });
  });

  it('reads limit, skip and a multi-field sort with descending fields', () => {
    const query = parseListQuery({ limit: '5', skip: '10', sort: '-createdAt,name' }, spec);
    expect(query).toMatchObject({
      limit: 5,
      skip: 10,
      sort: [
        { field: 'createdAt', direction: 'desc' },
        { field: 'name', direction: 'asc' },
      ],
    });
  });

  it('reads repeated filters, splitting in and between values on |', () => {
    const query = parseListQuery(
      { filter: ['name:in:a|b', 'createdAt:between:2024-01-01|2025-01-01', 'name:search:x:y'] },
      spec,
    );
    expect(query.filter).toEqual([
      { field: 'name', op: 'in', values: ['a', 'b'] },
      { field: 'createdAt', op: 'between', values: ['2024-01-01', '2025-01-01'] },
      { field: 'name', op: 'search', values: ['x:y'] },
    ]);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ skip: '-1' }, 'skip'],
    [{ sort: 'password' }, 'sort'],
    [{ filter: 'owner:eq:x' }, 'filter'],
    [{ filter: 'name:gt:x' }, 'filter'],
    [{ filter: 'name:like:x' }, 'filter'],
    [{ filter: 'garbage' }, 'filter'],
    [{ filter: 'createdAt:between:2024-01-01' }, 'filter'],
    [{ filter: 'name:eq:' }, 'filter'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(fieldOf(() => parseListQuery(raw, spec))).toBe(field);
  });

  describe('typed values', () => {
    const typed: ListQuerySpec = {
      sortable: [],
      filterable: {
        name: filterField.text(),
        createdAt: filterField.date(),
        parentId: filterField.uuid(['eq', 'in', 'search']),
        active: filterField.boolean(),
        total: filterField.number(),
        role: filterField.enum(['owner', 'admin', 'member']),
      },
    };
    const parse = (filter: string) => parseListQuery({ filter }, typed).filter[0];
    const problem = (filter: string) => {
      try {
        parseListQuery({ filter }, typed);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('VALIDATION_FAILED');
        return (error as AppError).errors?.[0];
      }
      throw new Error(`expected ${filter} to be refused`);
    };
    const id = '0b6a3c1e-8f0d-4c52-9a43-1f0e5d8b7a21';

    it.each([
      'name:eq:anything at all',
      'createdAt:gt:2026-01-31',
      'createdAt:ge:2026-01-31T12:30:00Z',
      'createdAt:lt:2026-01-31T12:30:00.123456+02:00',
      'createdAt:le:2026-01-31 12:30',
      'createdAt:gt:2024-02-29T00:00:00-0500',
      'createdAt:between:2026-01-01|2026-02-01T00:00:00Z',
      `parentId:eq:${id}`,
      `parentId:in:${id}|${id.toUpperCase()}`,
      'parentId:search:0b6a',
      'active:eq:true',
      'active:eq:false',
      'total:eq:0',
      'total:between:-5|123456789012345',
      'role:in:owner|member',
    ])('accepts %s', (filter) => {
      expect(parse(filter)).toMatchObject({ field: filter.split(':')[0] });
    });

    it.each([
      ['createdAt:gt:abc', 'abc', 'a date'],
      ['createdAt:between:a|b', 'a', 'a date'],
      ['createdAt:between:2026-01-01|b', 'b', 'a date'],
      ['createdAt:gt:2026-02-30', '2026-02-30', 'a date'],
      ['createdAt:gt:2025-02-29', '2025-02-29', 'a date'],
      ['createdAt:gt:0000-01-01', '0000-01-01', 'a date'],
      ['createdAt:gt:2026-13-01', '2026-13-01', 'a date'],
      ['createdAt:gt:2026-01-01T25:00:00Z', '2026-01-01T25:00:00Z', 'a date'],
      ['createdAt:gt:1700000000', '1700000000', 'a date'],
      ['parentId:eq:nope', 'nope', 'a UUID'],
      [`parentId:in:${id}|123`, '123', 'a UUID'],
      ['active:eq:maybe', 'maybe', 'true or false'],
      ['active:eq:1', '1', 'true or false'],
      ['total:gt:abc', 'abc', 'a whole number'],
      ['total:eq:1.5', '1.5', 'a whole number'],
      ['total:eq:1e3', '1e3', 'a whole number'],
      ['total:eq:99999999999999999999', '99999999999999999999', 'a whole number'],
      ['role:eq:superuser', 'superuser', 'one of owner, admin, member'],
      ['role:in:owner|Owner', 'Owner', 'one of owner, admin, member'],
    ])('refuses %s naming filter and the value', (filter, value, what) => {
      const error = problem(filter);
      expect(error?.field).toBe('filter');
      expect(error?.message).toContain(`"${value}" is not ${what}`);
    });

    it('refuses control characters (Postgres text cannot hold NUL) in any value', () => {
      expect(problem('name:eq:a\u0000b')?.field).toBe('filter');
      expect(problem('name:eq:a\nb')?.message).toContain('control characters');
    });

    it('refuses an inherited property name as a field', () => {
      expect(problem('constructor:eq:x')?.message).toContain('cannot filter by "constructor"');
    });

    it('isFilterDate knows leap years', () => {
      expect(isFilterDate('2000-02-29')).toBe(true);
      expect(isFilterDate('1900-02-29')).toBe(false);
      expect(isFilterDate('2026-04-31')).toBe(false);
    });
  });
});
