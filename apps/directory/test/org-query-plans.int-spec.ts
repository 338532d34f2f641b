import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { RESOLVE_FOR_CONTACT, RESOLVE_FOR_USER } from '../src/applications/applications.service';
import { directoryDatabase } from '../src/database/data-source';
import { GROUPS_WITH_COUNTS } from '../src/groups/groups.service';
import { LABELS_WITH_COUNTS } from '../src/labels/labels.service';
import { UNITS_WITH_COUNTS } from '../src/org-units/org-units.service';

/**
 * The org lists and look-ups must be answerable from indexes. With sequential scans priced out, the planner
 * still picks one (or walks a whole index) only where no index condition can serve: such a plan names it.
 */
describe('org query plans (real Postgres)', () => {
  const prefix = `roster_${newRunId('q')}`;
  let db: Client;

  beforeAll(async () => {
    const url = await createTestDatabase(`${prefix}_directory`);
    await runMigrations(postgresOptions(url, directoryDatabase));
    db = new Client({ connectionString: url });
    await db.connect();
    // Price out scans and hash/merge joins: what remains full-scanned has no index to serve it.
    await db.query('SET enable_seqscan = off');
    await db.query('SET enable_hashjoin = off');
    await db.query('SET enable_mergejoin = off');
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await dropDatabases(prefix);
  });

  const seqScans = async (sql: string, params: unknown[]): Promise<string[]> => {
    const [{ 'QUERY PLAN': plan }] = (await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows as {
      'QUERY PLAN': unknown;
    }[];
    const found: string[] = [];
    const walk = (node: Record<string, unknown>) => {
      const type = String(node['Node Type']);
      if (type === 'Seq Scan') found.push(String(node['Relation Name']));
      // A whole-index walk with only a filter is a scan too (how the planner avoids a priced-out Seq Scan).
      if (type.includes('Index') && !node['Index Cond']) found.push(`${String(node['Index Name'])} (full)`);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
    return found;
  };
  const company = randomUUID();
  const user = randomUUID();
  const withParams = (fragment: string) => fragment.replace(/:companyId/g, '$1');

  it('notices a look-up no index serves', async () => {
    expect(await seqScans(`SELECT * FROM contacts WHERE phone = $1`, ['1'])).not.toEqual([]);
  });

  it('resolves a user’s launchable applications through indexes only', async () => {
    expect(await seqScans(RESOLVE_FOR_USER, [user, null])).toEqual([]);
    expect(await seqScans(RESOLVE_FOR_USER, [user, company])).toEqual([]);
    expect(await seqScans(RESOLVE_FOR_CONTACT, [randomUUID(), company])).toEqual([]);
  });

  it('lists groups, org units and labels with their counts through indexes only', async () => {
    for (const fragment of [GROUPS_WITH_COUNTS, UNITS_WITH_COUNTS, LABELS_WITH_COUNTS]) {
      expect(
        await seqScans(`SELECT * FROM ${withParams(fragment)} x ORDER BY x.name LIMIT 20`, [company]),
      ).toEqual([]);
    }
  });

  it('finds a member’s groups and the company log newest first through indexes only', async () => {
    expect(
      await seqScans(
        `SELECT g.* FROM ${withParams(GROUPS_WITH_COUNTS)} g
         JOIN (SELECT group_id FROM group_members WHERE company_id = $1 AND user_id = $2) l ON l.group_id = g.id`,
        [company, user],
      ),
    ).toEqual([]);
    expect(
      await seqScans(
        `SELECT * FROM audit_log e WHERE e.company_id = $1 ORDER BY e.occurred_at DESC, e.id LIMIT 20`,
        [company],
      ),
    ).toEqual([]);
    expect(
      await seqScans(`SELECT * FROM audit_log e WHERE e.company_id = $1 AND e.subject_id = $2 LIMIT 20`, [
        company,
        user,
      ]),
    ).toEqual([]);
  });
});
