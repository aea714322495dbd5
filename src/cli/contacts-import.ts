import type { Command } from 'commander';
import { EXIT, InputError } from '../core/errors';
import { checkReadable, readJsonFile } from '../core/input';
import { createProgress } from '../core/progress';
import type { Mapping } from '../contacts/imports';
import { checkMapping, checkTarget, importContacts, loadMapping, previewImport, saveMapping } from '../contacts/imports';
import type { PersonRow } from '../contacts/imports';
import { contactsDb } from '../contacts/tables';
import { BASES } from '../contacts/vocabulary';
import type { Basis } from '../contacts/vocabulary';
import { note, out, repeatable, withApp } from './context';
import { n } from './format';
import { actorOf } from './contacts-export';
import { requireAdmin } from '../contacts/errors';
import { basisArg } from './contacts-args';
import { ISO_EXAMPLE, parseIsoTime } from '../core/iso-time';

interface ImportFlags {
  /** Checked by its option parser (basisArg). */
  basis: Basis;
  collected?: string;
  notice?: string;
  label?: string;
  collector?: string;
  mapping?: string;
  mappingFile?: string;
  map: string[];
  country?: string;
  saveMapping?: string;
  preview?: boolean;
  again?: boolean;
  as: string;
  json?: boolean;
  progress: boolean;
}

function dateOf(value: string | undefined): number {
  if (!value) return Date.now();
  const t = parseIsoTime(value);
  if (t === null) throw new InputError(`--collected: expected ${ISO_EXAMPLE}, found ${JSON.stringify(value)}`);
  if (t > Date.now()) throw new InputError(`--collected: expected a date no later than today, found ${JSON.stringify(value)} (consents dated ahead would outrank later withdrawals)`);
  return t;
}

/** `hustings contacts import FILE`: people from a CSV or JSON file, with their source, basis and consents. */
export function registerContactsImport(contacts: Command): void {
  contacts
    .command('import')
    .description('import people from a CSV or JSON file: mapped, validated, deduplicated (exact on email/phone, fuzzy for review), each linked to its source and lawful basis')
    .argument('<file>', 'CSV (any common delimiter) or JSON/JSON-lines file; gzip is read transparently')
    .requiredOption('--basis <basis>', `lawful basis of the collection: ${BASES.join(', ')}`, basisArg)
    .option('--collected <date>', 'when the data was collected (default: now)')
    .option('--notice <version>', 'version of the privacy notice the people were shown: without it, a row granting a consent is refused (a bad row) unless it gives its own (a notice_version column)')
    .option('--label <label>', 'name of the source (default: the file name)')
    .option('--collector <who>', 'who collected the data (default: the acting user)')
    .option('--mapping <name>', 'a saved column mapping')
    .option('--mapping-file <file>', 'a column mapping in a JSON file: {"columns": {"Prénom": "given_name", …}, "country": "FR"}')
    .option('--map <column=target>', 'map one column (repeatable; overrides the saved or guessed mapping), e.g. --map "Portable=phone"', repeatable, [])
    .option('--country <CC>', 'region of phone numbers without a country code (default FR)')
    .option('--save-mapping <name>', 'save the mapping used under this name')
    .option('--preview', 'show the mapping, the first rows as they would be stored and the validation report of the first 1,000 rows; import nothing (with --save-mapping, save the mapping shown)')
    .option('--again', 'import a file that was imported completely before')
    .option('--as <user>', 'the acting user: a stored admin, or cli (the command line), for the audit log and the source', 'cli')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      await checkReadable(file);
      await withApp(command, async (app) => {
        const db = contactsDb(app.store.db);
        const mapping = await mappingOf(file, flags, db);
        if (flags.preview) {
          const p = await previewImport(file, mapping, { noticeVersion: flags.notice ?? null });
          printPreview(p, flags.json);
          // Check the mapping, keep it: the mapping holds column names only, no one's data.
          if (flags.saveMapping) {
            await saveMapping(db, flags.saveMapping, p.mapping);
            note(`mapping saved as ${flags.saveMapping} (use it with --mapping ${flags.saveMapping}); nothing imported`);
          }
          return;
        }
        // As over HTTP, only admins import: --as names a stored user (the default, cli, is the command line's admin).
        requireAdmin(await actorOf(app, flags.as === 'cli' ? undefined : flags.as), 'contacts import');
        const bar = createProgress(flags.progress && !flags.json, 'import');
        const summary = await importContacts(app, {
          file,
          mapping,
          source: { basis: flags.basis, collectedAt: dateOf(flags.collected), collector: flags.collector ?? flags.as, noticeVersion: flags.notice ?? null, ...(flags.label ? { label: flags.label } : {}) },
          actor: flags.as,
          again: flags.again ?? false,
          onProgress: (p) => bar.update(p.bytes, p.size, `${n(p.rows)} rows`),
        });
        bar.stop();
        // Every row bad (a wrong file, a wrong mapping): a script must not take that for an import, nor its mapping for one that works.
        const allBad = summary.rows > 0 && summary.bad === summary.rows;
        if (flags.saveMapping && !allBad) await saveMapping(db, flags.saveMapping, summary.mapping);
        if (allBad) {
          process.exitCode = EXIT.input;
          note(`${file}: no row could be imported (${n(summary.bad)} bad rows)${flags.saveMapping ? `; mapping ${flags.saveMapping} not saved` : ''}; check the file and its mapping with --preview`);
        }
        if (flags.json) return out(JSON.stringify(summary, null, 2));
        if (summary.resumedAfter !== null) note(`resumed an interrupted import of this file after ${summary.position} ${n(summary.resumedAfter)}, as it began (its mapping, collection date and notice; the ones given now are not used)`);
        out(`import #${summary.importId}: ${n(summary.rows)} rows in ${summary.seconds.toFixed(1)} s (${n(Math.round(summary.rows / Math.max(summary.seconds, 1e-3)))} rows/s)`);
        out(`  ${n(summary.created)} people created, ${n(summary.merged)} rows merged into known people (same email or phone, stored or earlier in the file), ${n(summary.review)} queued for review, ${n(summary.erased)} not imported (erased people), ${n(summary.bad)} bad rows`);
        for (const b of summary.badRows.slice(0, 10)) out(`  ${summary.position} ${b.line}${b.column ? `, column ${b.column}` : ''}: ${b.reason}`);
        if (summary.bad > 10) out(`  … and ${n(summary.bad - 10)} more bad rows (--json lists the first 1,000)`);
        const ignored = Object.entries(summary.mapping.columns).filter(([, target]) => target === 'ignore').map(([column]) => column);
        if (ignored.length) {
          const listed = `${ignored.slice(0, 8).join(', ')}${ignored.length > 8 ? ', …' : ''}`;
          note(`${n(ignored.length)} column${ignored.length === 1 ? '' : 's'} not imported (no target): ${listed}; keep one with --map "COLUMN=field:NAME" (or name it field_NAME), see all with --preview`);
        }
      });
    });
}

async function mappingOf(file: string, flags: ImportFlags, db: ReturnType<typeof contactsDb>): Promise<Mapping | null> {
  let mapping: Mapping | null = null;
  if (flags.mapping) mapping = await loadMapping(db, flags.mapping);
  if (flags.mappingFile) mapping = checkMapping(await readJsonFile(flags.mappingFile, 'a column mapping'), null);
  if (!flags.map.length && !flags.country) return mapping;
  // Overrides apply to the saved mapping, else to the one guessed from the header.
  const base: Mapping = mapping ?? (await previewImport(file, null, { sampleRows: 0, checkRows: 0 })).mapping;
  const columns = { ...base.columns };
  for (const m of flags.map) {
    const i = m.lastIndexOf('=');
    if (i <= 0) throw new InputError(`--map ${JSON.stringify(m)}: expected COLUMN=TARGET, e.g. "Portable=phone"`);
    columns[m.slice(0, i)] = checkTarget(m.slice(i + 1), m.slice(0, i));
  }
  return checkMapping({ ...base, columns, country: flags.country ?? base.country }, null);
}

function printPreview(p: Awaited<ReturnType<typeof previewImport>>, json: boolean | undefined): void {
  if (json) return out(JSON.stringify(p, null, 2));
  out('mapping:');
  for (const h of p.header) out(`  ${h} → ${p.mapping.columns[h] ?? 'ignore'}`);
  out(`first ${p.sample.length} rows as they would be stored:`);
  for (const r of p.sample) out(`  ${p.position} ${r.line}: ${describe(r)}`);
  out(`validation of the first ${n(p.checked)} rows: ${n(p.bad.length)} bad`);
  for (const b of p.bad.slice(0, 20)) out(`  ${p.position} ${b.line}${b.column ? `, column ${b.column}` : ''}: ${b.reason}`);
}

function describe(r: PersonRow): string {
  const parts = [[r.given, r.family].filter(Boolean).join(' '), ...r.emails, ...r.phones, r.address ? [r.address.street, r.address.postcode, r.address.city].filter(Boolean).join(', ') : ''];
  if (r.tags.length) parts.push(`tags ${r.tags.join('|')}`);
  if (r.consents.length) parts.push(`consents ${r.consents.map(([p, c, g]) => `${p}/${c}=${g ? 'yes' : 'no'}`).join(' ')}`);
  return parts.filter(Boolean).join(' · ');
}
