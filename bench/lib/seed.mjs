// Realistic data straight into the contexts' databases (through the API it would take hours of argon2):
// USERS users spread evenly over COMPANIES companies, the first user of each company its owner. Every
// user shares one argon2id hash (same cost as a real one) of BENCH_PASSWORD. Ids are derived from the
// index, so scenarios can address any user or company without a lookup.
import { Algorithm, hash } from '@node-rs/argon2';
import pg from 'pg';

export const BENCH_PASSWORD = 'bench password 1';
const hex = (n) => n.toString(16).padStart(12, '0');
export const userId = (i) => `00000000-0000-4000-8000-${hex(i)}`;
export const companyId = (c) => `00000000-0000-4000-9000-${hex(c)}`;
export const emailOf = (i) => `bench-user-${i}@bench.roster.test`;
/** Users 1..USERS; user i belongs to company ((i - 1) % COMPANIES) + 1; users 1..COMPANIES are owners. */
export const companyOf = (i, companies) => ((i - 1) % companies) + 1;

async function withClient(url, run) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function seed({ authDb, directoryDb, users, companies }) {
  const passwordHash = await hash(BENCH_PASSWORD, {
    algorithm: Algorithm.Argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  const uid = (expr) => `('00000000-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  const cid = (expr) => `('00000000-0000-4000-9000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
  await withClient(authDb, (db) =>
    db.query(
      `INSERT INTO users (id, email, password_hash)
       SELECT ${uid('i')}, 'bench-user-' || i || '@bench.roster.test', $1
         FROM generate_series(1, $2::int) AS i`,
      [passwordHash, users],
    ),
  );
  await withClient(directoryDb, async (db) => {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO profiles (user_id, email, display_name)
       SELECT ${uid('i')}, 'bench-user-' || i || '@bench.roster.test', 'Bench User ' || i
         FROM generate_series(1, $1::int) AS i`,
      [users],
    );
    await db.query(
      `INSERT INTO companies (id, name, created_by)
       SELECT ${cid('c')}, 'Bench Company ' || c, ${uid('c')} FROM generate_series(1, $1::int) AS c`,
      [companies],
    );
    await db.query(
      `INSERT INTO memberships (company_id, user_id, role)
       SELECT ${cid(`((i - 1) % $2::int) + 1`)}, ${uid('i')},
              CASE WHEN i <= $2::int THEN 'owner' ELSE 'member' END
         FROM generate_series(1, $1::int) AS i`,
      [users, companies],
    );
    await db.query('COMMIT');
    await db.query('ANALYZE');
  });
  await withClient(authDb, (db) => db.query('ANALYZE'));
}
