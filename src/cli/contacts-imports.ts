import type { Command } from 'commander';
import type { ImportReport } from '../contacts/imports';
import { importReport, listImports, MAX_REPORTS } from '../contacts/imports';
import { out, withApp } from './context';
import { n } from './format';
import { positiveInt } from './listen';

function line(r: ImportReport): string {
  const c = r.counts;
  const when = new Date(r.finishedAt ?? r.startedAt).toISOString();
  const progress = r.state === 'finished' ? '' : `, committed up to line ${n(r.doneLine)}`;
  return `#${r.id}\t${r.state}\t${when}\t${r.file}\t${n(c.rows)} rows: ${n(c.created)} created, ${n(c.merged)} merged, ${n(c.review)} for review, ${n(c.erased)} erased, ${n(c.bad)} bad${progress}`;
}

/** `hustings contacts imports [show N]`: the reports of file imports, as stored batch by batch. */
export function registerContactsImports(contacts: Command): void {
  const imports = contacts.command('imports').description('the reports of file imports: state (finished, running, interrupted), counts, bad rows');
  imports
    .command('list', { isDefault: true })
    .description('file imports, newest first (tab-separated: id, state, time, file, counts)')
    .option('--limit <n>', `at most this many (at most ${n(MAX_REPORTS)})`, positiveInt, 50)
    .option('--json', 'print as JSON')
    .action(async (flags: { limit: number; json?: boolean }, command: Command) => {
      const list = await withApp(command, (app) => listImports(app.store.db, { limit: flags.limit }), { existing: true });
      if (flags.json) return out(JSON.stringify(list));
      if (list.length === 0) out('No file import');
      for (const r of list) out(line(r));
    });
  imports
    .command('show')
    .description("one import's report, with its bad rows by line, column and reason")
    .argument('<n>', 'import id', positiveInt)
    .option('--json', 'print as JSON')
    .action(async (id: number, flags: { json?: boolean }, command: Command) => {
      const r = await withApp(command, (app) => importReport(app.store.db, id), { existing: true });
      if (flags.json) return out(JSON.stringify(r));
      out(line(r));
      for (const b of r.badRows ?? []) out(`  line ${b.line}${b.column ? `, ${b.column}` : ''}: ${b.reason}`);
      if (r.counts.bad > (r.badRows?.length ?? 0)) out(`  … ${n(r.counts.bad - (r.badRows?.length ?? 0))} more bad rows not kept`);
    });
}
