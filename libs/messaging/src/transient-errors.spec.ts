import { isDatabaseUnavailable } from './transient-errors';

describe('isDatabaseUnavailable (a database outage answers 503, not 500)', () => {
  it('recognises refused and reset connections, shutdowns, terminated backends and released runners', () => {
    const cases: unknown[] = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('Query runner already released.'), { name: 'QueryRunnerAlreadyReleasedError' }),
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
      // TypeORM's QueryFailedError wraps the driver's error.
      Object.assign(new Error('query failed'), {
        driverError: { code: '08006', message: 'connection failure' },
      }),
    ];
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => true));
  });

  it('leaves real failures alone: constraint violations, syntax errors, plain bugs', () => {
    const cases: unknown[] = [
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      undefined,
      'a string',
    ];
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => false));
  });
});
