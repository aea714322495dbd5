import type pg from 'pg';

/** A query as the application sent it, captured by Kysely's log. */
export interface Captured {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Loops': number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

export interface PlanSummary {
  readonly label: string;
  readonly ms: number;
  /** Scans that ran, partition names folded (`posts_p2016_06` → `posts_p*`), with how many partitions each ran on. */
  readonly scans: readonly string[];
  /** Of the month partitions of posts and post_classes: how many a scan ran on, of how many there are. */
  readonly partitions: string;
  readonly text: string;
}

const fold = (name: string): string => name.replace(/_p\d{4}_\d{2}/, '_p*');

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** Runs EXPLAIN ANALYZE on the captured query, and sums up where it read. */
export async function explain(client: pg.Client, label: string, q: Captured, monthPartitions: number): Promise<PlanSummary> {
  const params = [...q.parameters];
  const json = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, params);
  const text = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, params);
  const top = (json.rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
  const scans = new Map<string, Set<string>>();
  const ran = new Set<string>();
  walk(top.Plan, (n) => {
    const rel = n['Relation Name'];
    if (!rel || n['Actual Loops'] === 0) return;
    if (/_p\d{4}_\d{2}$/.test(rel)) ran.add(rel);
    const key = `${n['Node Type']}${n['Index Name'] ? ` using ${fold(n['Index Name'])}` : ''} on ${fold(rel)}`;
    scans.set(key, (scans.get(key) ?? new Set()).add(rel));
  });
  const byTable = (t: string): number => [...ran].filter((r) => r.startsWith(`${t}_p`)).length;
  return {
    label,
    ms: top['Execution Time'],
    scans: [...scans].map(([k, rels]) => (rels.size > 1 ? `${k} (${rels.size} partitions)` : k)),
    partitions: `posts ${byTable('posts')}/${monthPartitions}, post_classes ${byTable('post_classes')}/${monthPartitions}`,
    text: (text.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'),
  };
}

export function planTable(plans: readonly PlanSummary[]): string {
  const lines = ['| read | ms | month partitions read | scans |', '|---|---:|---|---|'];
  for (const p of plans) lines.push(`| ${p.label} | ${p.ms.toFixed(1)} | ${p.partitions} | ${p.scans.join('; ')} |`);
  return lines.join('\n');
}
