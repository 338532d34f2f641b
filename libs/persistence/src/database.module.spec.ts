import { poolWaitMs, postgresOptions } from './database.module';

describe('pool wait', () => {
  it('lets a query wait for a connection until a second before the request deadline, at least a second', () => {
    expect(poolWaitMs(5000)).toBe(4000);
    expect(poolWaitMs(1500)).toBe(1000);
    expect(poolWaitMs(100)).toBe(1000);
  });

  it('is the pool connection timeout of the TypeORM options (3 s when not given)', () => {
    const options = { entities: [], migrations: [] };
    expect(postgresOptions('postgres://x/y', options, 10, poolWaitMs(5000)).extra).toMatchObject({
      connectionTimeoutMillis: 4000,
    });
    expect(postgresOptions('postgres://x/y', options).extra).toMatchObject({ connectionTimeoutMillis: 3000 });
  });
});
