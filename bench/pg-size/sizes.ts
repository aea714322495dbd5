import type pg from 'pg';

export interface IndexSize {
  readonly name: string;
  readonly bytes: number;
}

/** A table's bytes summed over its partitions (a plain table is its own one partition). */
export interface TableSize {
  readonly table: string;
  readonly rows: number;
  readonly partitions: number;
  /** Heap, TOAST, free-space and visibility maps. */
  readonly heap: number;
  readonly indexes: readonly IndexSize[];
}

/** The leaves of a partitioned table or index; a plain one is its own leaf (pg_partition_tree gives it no row). */
const LEAVES = 'SELECT relid FROM pg_partition_tree($1) WHERE isleaf UNION SELECT $1::regclass WHERE NOT EXISTS (SELECT FROM pg_partition_tree($1))';

async function one(client: pg.Client, text: string, params: unknown[]): Promise<Record<string, number>> {
  return (await client.query(text, params)).rows[0] as Record<string, number>;
}

export async function tableSize(client: pg.Client, table: string): Promise<TableSize> {
  const t = await one(client, `SELECT count(*)::int AS partitions, sum(pg_table_size(relid))::bigint AS heap FROM (${LEAVES}) AS l`, [table]);
  const { n } = await one(client, `SELECT count(*)::bigint AS n FROM ${table}`, []);
  const names = await client.query<{ name: string }>('SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = $1::regclass ORDER BY 1', [table]);
  const indexes: IndexSize[] = [];
  for (const { name } of names.rows) {
    const { bytes } = await one(client, `SELECT sum(pg_relation_size(relid))::bigint AS bytes FROM (${LEAVES}) AS l`, [name]);
    indexes.push({ name, bytes: Number(bytes) });
  }
  return { table, rows: Number(n), partitions: Number(t.partitions), heap: Number(t.heap), indexes };
}

export const totalBytes = (s: TableSize): number => s.heap + s.indexes.reduce((a, i) => a + i.bytes, 0);

const mb = (b: number): string => (b / 1e6).toFixed(1);
const per = (b: number, posts: number): string => (b / posts).toFixed(0);

/** The sizes as a Markdown table, in bytes per stored post. */
export function sizeTable(sizes: readonly TableSize[], posts: number): string {
  const lines = ['| table / index | rows | partitions | MB | bytes per post |', '|---|---:|---:|---:|---:|'];
  for (const s of sizes) {
    lines.push(`| **${s.table}** (heap) | ${s.rows.toLocaleString('en')} | ${s.partitions} | ${mb(s.heap)} | ${per(s.heap, posts)} |`);
    for (const i of s.indexes) lines.push(`| ↳ ${i.name} | | | ${mb(i.bytes)} | ${per(i.bytes, posts)} |`);
  }
  const all = sizes.reduce((a, s) => a + totalBytes(s), 0);
  lines.push(`| **all of the above** | | | ${mb(all)} | **${per(all, posts)}** |`);
  return lines.join('\n');
}
