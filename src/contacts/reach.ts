import type SQLite from 'better-sqlite3';
import type { Migration } from 'kysely';
import { sql } from 'kysely';
import type { AnyDb } from '../store';
import { isPostgres } from '../store';
import { CHANNELS, pointOf } from './vocabulary';

/**
 * `reach` holds one row per (purpose, channel, person) for which the engine's gate holds: the
 * person's latest consent for that purpose and channel is a grant, they are not suppressed on
 * that channel nor on all channels ('*'), and they have the contact point the channel needs. Only
 * stored people have rows, so "everyone reachable for a use" is a count of the table alone.
 *
 * The database keeps it, not the code: triggers on the tables the rule reads (consent_state,
 * suppressions, contact_points, addresses, and people as they come and go) recompute the rows of
 * every person a statement touched, in the same transaction. So every write path — imports, sign-ups, the
 * ledger, merges, rectification, erasure, retention, and any path added later — keeps it right
 * without knowing it exists, and the gate reads one index instead of three probes per person.
 * (On SQLite, a file import's batches set the triggers aside within their own transaction and
 * recompute their people at the end: `withReachTriggersAside`.)
 * `reachDefinition` is the rule itself; `reachDrift` compares the table with it (tests, checks).
 */

/** The tables whose rows decide reach, each with the column naming the person. */
const REACH_SOURCES = [
  { table: 'consent_state', person: 'person_id', updates: true },
  { table: 'suppressions', person: 'person_id', updates: true },
  { table: 'contact_points', person: 'person_id', updates: true },
  { table: 'addresses', person: 'person_id', updates: true },
  // A person's id never changes; only their arrival and their erasure matter.
  { table: 'people', person: 'id', updates: false },
] as const;

/** SQL: the contact point the channel of consent row `row` needs exists (one CASE arm per channel that needs one). */
function pointClause(row: string): string {
  const arms = CHANNELS.flatMap((channel) => {
    const point = pointOf(channel);
    if (!point) return [];
    const probe =
      point === 'address'
        ? `EXISTS (SELECT 1 FROM addresses ad WHERE ad.person_id = ${row}.person_id)`
        : `EXISTS (SELECT 1 FROM contact_points cp WHERE cp.person_id = ${row}.person_id AND cp.kind = '${point}')`;
    return [`WHEN '${channel}' THEN ${probe}`];
  });
  return `(CASE ${row}.channel ${arms.join(' ')} ELSE 1 = 1 END)`;
}

/** SQL: the rule holds for the consent_state row `row` (a table alias, or a trigger's NEW). */
function rule(row: string): string {
  return (
    `${row}.granted = 1 ` +
    `AND EXISTS (SELECT 1 FROM people pe WHERE pe.id = ${row}.person_id) ` +
    `AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.person_id = ${row}.person_id AND sp.channel IN ('*', ${row}.channel)) ` +
    `AND ${pointClause(row)}`
  );
}

/**
 * The rule, as a SELECT of (purpose, channel, person_id) from consent_state aliased `cs`, for the
 * people `people` (an SQL condition on cs.person_id) or everyone.
 */
export function reachDefinition(people = '1 = 1'): string {
  return `SELECT cs.purpose, cs.channel, cs.person_id FROM consent_state cs WHERE (${people}) AND ${rule('cs')}`;
}

/**
 * SQLite, for bulk writes (a file import's batches): runs `write` with the reach triggers set
 * aside, then recomputes the reach of the people it names, set-based, and puts the triggers back
 * from their own SQL in the schema, all inside the caller's transaction. SQLite has one writer
 * at a time, so no other write happens meanwhile, and a failure rolls the triggers back with the
 * rows: outside the transaction they are always there. Per-row triggers cost a 100,000-row
 * import 15–19 % of its time (each insert into a table with triggers keeps a statement journal);
 * the recomputation is two statements per batch. `people` must name everyone whose consent
 * states, suppressions, contact points, address or own row `write` changed.
 */
export function withReachTriggersAside<T>(db: SQLite.Database, write: () => { result: T; people: Iterable<number> }): T {
  if (!db.inTransaction) throw new Error('withReachTriggersAside: expected to run inside a transaction');
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reach\\_%' ESCAPE '\\' ORDER BY rowid`).all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const { result, people } = write();
  const ids = JSON.stringify([...new Set(people)]);
  for (const statement of sqliteRefresh('IN (SELECT value FROM json_each(?))')) db.prepare(statement).run(ids);
  for (const t of triggers) db.exec(t.sql);
  return result;
}

/**
 * SQLite: the two statements that recompute the reach of the people whose id is `match` (an SQL
 * condition on an id, such as `= NEW.person_id`): their rows of reach go (found through their
 * rows of consent_state: every row of reach has one), and the rule puts back those that hold.
 */
function sqliteRefresh(match: string): [string, string] {
  return [
    `DELETE FROM reach WHERE (purpose, channel, person_id) IN (SELECT purpose, channel, person_id FROM consent_state WHERE person_id ${match})`,
    `INSERT INTO reach (purpose, channel, person_id) ${reachDefinition(`cs.person_id ${match}`)}`,
  ];
}

/** The advisory lock space of the buckets (an arbitrary constant: "reac" in ASCII). */
const REACH_LOCK = 1919246691;

/**
 * SQLite: per-row triggers (SQLite has one writer at a time). An import writes a person, their
 * contact points and address, then their consents, so the common inserts are made cheap: a row
 * of consent_state recomputes its own (purpose, channel) only, and only when it is a grant; a new
 * person, contact point, address or suppression matters only to someone with a granted consent
 * (before that they have no reach to gain or lose). Updates and deletes recompute the person.
 * A person's rows of reach are found through their rows of consent_state (every row of reach has
 * one: a row of consent_state that goes takes its row of reach with it), so reach needs no index
 * by person and an import maintains one B-tree for it, not two.
 */
async function sqliteTriggers(db: AnyDb): Promise<void> {
  const refresh = (who: string): string => `${sqliteRefresh(`= ${who}`).join('; ')};`;
  const refreshUse = (row: string): string =>
    `DELETE FROM reach WHERE purpose = ${row}.purpose AND channel = ${row}.channel AND person_id = ${row}.person_id; ` +
    `INSERT INTO reach (purpose, channel, person_id) ${reachDefinition(`cs.person_id = ${row}.person_id AND cs.purpose = ${row}.purpose AND cs.channel = ${row}.channel`)};`;
  const trigger = (name: string, event: string, table: string, when: string, body: string): Promise<unknown> =>
    sql.raw(`CREATE TRIGGER ${name} AFTER ${event} ON ${table}${when ? ` WHEN ${when}` : ''} BEGIN ${body} END`).execute(db);
  for (const { table, person, updates } of REACH_SOURCES) {
    const name = (event: string): string => `reach_${table}_${event}`;
    if (table === 'consent_state') {
      // A new row of consent_state had no reach before it: add the one row if the rule holds.
      await trigger(name('insert'), 'INSERT', table, 'NEW.granted = 1', `INSERT OR IGNORE INTO reach (purpose, channel, person_id) SELECT NEW.purpose, NEW.channel, NEW.person_id WHERE ${rule('NEW')};`);
      await trigger(name('update'), 'UPDATE', table, '', `${refreshUse('OLD')} ${refreshUse('NEW')}`);
    } else {
      const granted = `EXISTS (SELECT 1 FROM consent_state g WHERE g.person_id = NEW.${person} AND g.granted = 1)`;
      await trigger(name('insert'), 'INSERT', table, granted, refresh(`NEW.${person}`));
      if (updates) await trigger(name('update'), 'UPDATE', table, '', `${refresh(`OLD.${person}`)} ${refresh(`NEW.${person}`)}`);
    }
    const gone = 'DELETE FROM reach WHERE purpose = OLD.purpose AND channel = OLD.channel AND person_id = OLD.person_id;';
    await trigger(name('delete'), 'DELETE', table, '', table === 'consent_state' ? gone : refresh(`OLD.${person}`));
  }
}

/**
 * PostgreSQL: statement-level triggers with transition tables recompute, once per statement, the
 * set of people it touched (bulk imports write thousands of rows a statement). Recomputing
 * first takes transaction-scoped advisory locks on the people's buckets (person id mod 64, in
 * order): two transactions changing the same person's consent and suppression at once would
 * otherwise each compute reach without seeing the other's uncommitted change. With the lock, the
 * later one waits for the earlier to commit and then, under READ COMMITTED, reads its change.
 * Buckets rather than one lock per person keep a 5,000-person batch within PostgreSQL's lock
 * table (64 locks per transaction by default per connection); people of one bucket only wait
 * for each other, and contacts writes mostly serialise already (imports and the audit log).
 */
async function postgresTriggers(db: AnyDb): Promise<void> {
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION contacts_reach_refresh(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${REACH_LOCK}, b) FROM (SELECT DISTINCT id % 64 AS b FROM unnest(ids) AS id ORDER BY 1) AS buckets;
        DELETE FROM reach WHERE person_id = ANY (ids);
        INSERT INTO reach (purpose, channel, person_id) ${reachDefinition('cs.person_id = ANY (ids)')};
      END $$`,
    )
    .execute(db);
  // One function per table and event: a trigger function reads its transition table by name.
  const fn = (name: string, ids: string): Promise<unknown> =>
    sql
      .raw(
        `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM contacts_reach_refresh(ARRAY(${ids})); RETURN NULL; END $$`,
      )
      .execute(db);
  for (const { table, person, updates } of REACH_SOURCES) {
    const name = (event: string): string => `reach_${table}_${event}`;
    await fn(name('inserted'), `SELECT DISTINCT ${person} FROM new_rows`);
    await sql.raw(`CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name('inserted')}()`).execute(db);
    await fn(name('deleted'), `SELECT DISTINCT ${person} FROM old_rows`);
    await sql.raw(`CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name('deleted')}()`).execute(db);
    if (!updates) continue;
    await fn(name('updated'), `SELECT ${person} FROM new_rows UNION SELECT ${person} FROM old_rows`);
    await sql
      .raw(`CREATE TRIGGER ${name('update')} AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name('updated')}()`)
      .execute(db);
  }
}

/** Migration: the table, its triggers, and its rows for the people already stored. */
export const reachMigration: Migration = {
  async up(db: AnyDb) {
    const pg = isPostgres(db);
    await sql
      .raw(
        'CREATE TABLE reach (purpose text NOT NULL, channel text NOT NULL, person_id integer NOT NULL, ' +
          `CONSTRAINT reach_pk PRIMARY KEY (purpose, channel, person_id))${pg ? '' : ' WITHOUT ROWID'}`,
      )
      .execute(db);
    // PostgreSQL's triggers find a statement's people by person_id; SQLite's go through consent_state.
    if (pg) await sql.raw('CREATE INDEX reach_person ON reach (person_id)').execute(db);
    await sql.raw(`INSERT INTO reach (purpose, channel, person_id) ${reachDefinition()}`).execute(db);
    await (pg ? postgresTriggers(db) : sqliteTriggers(db));
  },
};

export interface ReachDrift {
  /** Rows the rule gives that the table lacks (people the gate would wrongly leave out). */
  readonly missing: number;
  /** Rows the table holds that the rule does not give (people the gate would wrongly let through). */
  readonly extra: number;
}

/** How far the table is from the rule, over everyone: both 0 when the triggers did their work. */
export async function reachDrift(db: AnyDb): Promise<ReachDrift> {
  const count = async (q: string): Promise<number> => Number((await sql.raw<{ n: number | string }>(`SELECT count(*) AS n FROM (${q}) d`).execute(db)).rows[0]!.n);
  const table = 'SELECT purpose, channel, person_id FROM reach';
  return {
    missing: await count(`${reachDefinition()} EXCEPT ${table}`),
    extra: await count(`${table} EXCEPT ${reachDefinition()}`),
  };
}

/**
 * Rebuilds the table from the rule, in one transaction: for a store whose triggers were bypassed
 * (a data-only restore with triggers disabled, PostgreSQL's `session_replication_role = replica`,
 * a hand edit). Returns the drift it mended.
 */
export async function rebuildReach(db: AnyDb): Promise<ReachDrift> {
  return db.transaction().execute(async (trx) => {
    const drift = await reachDrift(trx);
    if (drift.missing || drift.extra) {
      await sql.raw('DELETE FROM reach').execute(trx);
      await sql.raw(`INSERT INTO reach (purpose, channel, person_id) ${reachDefinition()}`).execute(trx);
    }
    return drift;
  });
}
