import { DataSource } from 'typeorm';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { CommitNotifier, onCommit, preparedQuery } from '../src';

/** preparedQuery against a real Postgres: named statements on the pool and inside a transaction. */
describe('preparedQuery (real Postgres)', () => {
  const dbPrefix = `roster_${newRunId('p')}`;
  let dataSource: DataSource;
  const count = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM notes`))[0].n);
  /** Named statements this backend has prepared (pg_prepared_statements is per connection). */
  const preparedOn = (run: (sql: string) => Promise<Array<{ name: string }>>) =>
    run(`SELECT name FROM pg_prepared_statements`).then((rows) => rows.map((r) => r.name));

  beforeAll(async () => {
    const url = await createTestDatabase(`${dbPrefix}_prep`);
    dataSource = await new DataSource({
      type: 'postgres',
      url,
      extra: { max: 1 },
      subscribers: [CommitNotifier],
    }).initialize();
    await dataSource.query(`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(dbPrefix);
  });

  it('runs on the pool as a named statement and answers its rows', async () => {
    const rows = await preparedQuery<{ id: number }>(
      dataSource,
      'test.insert-note',
      `INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id`,
      [1, 'one'],
    );
    expect(rows).toEqual([{ id: 1 }]);
    // One pool connection (max 1): the statement stays prepared on it for the next call.
    expect(await preparedOn((sql) => dataSource.query(sql))).toContain('test.insert-note');
  });

  it("inside a transaction runs on the transaction's connection: a rollback undoes it", async () => {
    const before = await count();
    await expect(
      dataSource.transaction(async (manager) => {
        await preparedQuery(
          manager,
          'test.insert-note',
          `INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id`,
          [2, 'two'],
        );
        // Visible within the transaction, so it ran on this connection.
        expect(Number((await manager.query(`SELECT count(*) AS n FROM notes`))[0].n)).toBe(before + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count()).toBe(before);
  });

  it('commits with the transaction', async () => {
    await dataSource.transaction((manager) =>
      preparedQuery(
        manager,
        'test.insert-note',
        `INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id`,
        [3, 'three'],
      ),
    );
    expect(await dataSource.query(`SELECT body FROM notes WHERE id = 3`)).toEqual([{ body: 'three' }]);
  });

  it("surfaces Postgres' own error (the caller's transaction rolls back)", async () => {
    await expect(
      preparedQuery(
        dataSource,
        'test.insert-note',
        `INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id`,
        [3, 'again'],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  describe('commit listeners (onCommit)', () => {
    let commits = 0;
    let stop: () => void;
    beforeEach(() => {
      commits = 0;
      stop = onCommit(() => commits++);
    });
    afterEach(() => stop());

    it('hear an autocommitted write, not a read nor a row lock', async () => {
      await preparedQuery(
        dataSource,
        'test.note-upsert',
        `INSERT INTO notes VALUES (10, 'x') ON CONFLICT DO NOTHING`,
        [],
      );
      expect(commits).toBe(1);
      await preparedQuery(
        dataSource,
        'test.note-read',
        `SELECT id, body AS update_note FROM notes WHERE id = $1`,
        [10],
      );
      await preparedQuery(
        dataSource,
        'test.note-lock',
        `SELECT id FROM notes WHERE id = $1 FOR NO KEY UPDATE`,
        [10],
      );
      expect(commits).toBe(1);
      // A write inside a CTE whose outer statement is a SELECT commits too.
      await preparedQuery(
        dataSource,
        'test.note-cte',
        `WITH up AS (UPDATE notes SET body = 'y' WHERE id = $1 RETURNING id) SELECT count(*) FROM up`,
        [10],
      );
      expect(commits).toBe(2);
    });

    it("hear a transaction's commit once, whatever it ran, and nothing of a rollback", async () => {
      await dataSource.transaction(async (manager) => {
        await preparedQuery(
          manager,
          'test.note-upsert',
          `INSERT INTO notes VALUES (10, 'x') ON CONFLICT DO NOTHING`,
          [],
        );
        await manager.query(`UPDATE notes SET body = 'z' WHERE id = 10`);
        expect(commits).toBe(0);
      });
      expect(commits).toBe(1);
      await expect(
        dataSource.transaction(async (manager) => {
          await preparedQuery(
            manager,
            'test.note-upsert',
            `INSERT INTO notes VALUES (10, 'x') ON CONFLICT DO NOTHING`,
            [],
          );
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(commits).toBe(1);
    });

    it('stop hearing once stopped', async () => {
      stop();
      await preparedQuery(
        dataSource,
        'test.note-upsert',
        `INSERT INTO notes VALUES (10, 'x') ON CONFLICT DO NOTHING`,
        [],
      );
      expect(commits).toBe(0);
    });
  });
});
