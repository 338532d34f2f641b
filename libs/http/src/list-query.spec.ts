import { AppError } from '@roster/contracts';
import { ListQuerySpec, parseListQuery } from './list-query';

const spec: ListQuerySpec = {
  sortable: ['name', 'createdAt'],
  filterable: { name: ['eq', 'search', 'in'], createdAt: ['gt', 'between'] },
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
});
