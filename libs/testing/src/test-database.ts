import { Client } from 'pg';

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database for one test file and returns its URL. */
export async function createTestDatabase(
  name: string,
  serverUrl = process.env.DATABASE_URL!,
): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

/** Drops every database whose name starts with `prefix` (a run's databases), even with open sessions. */
export async function dropDatabases(
  prefix: string,
  serverUrl = process.env.DATABASE_URL!,
): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(prefix) || prefix.length < 5)
    throw new Error(`refusing to drop databases matching ${prefix}`);
  return admin(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.map((r) => r.datname);
  });
}
