import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { checkReadable } from '../core/input';
import { createProgress } from '../core/progress';
import { checkPriorityRule, priorityOf, priorityRule } from '../elections/analysis';
import { transferMethod } from '../elections/transfers/estimate';
import type { AddressFormat, BadAddressLine } from '../field/addresses';
import { ADDRESS_FORMATS, importAddresses } from '../field/addresses';
import type { LinkSummary, SavedAreas } from '../field/areas';
import { areasFromStations, areasOfSample, DEFAULT_MAX_KM, importStations, linkAddresses, listAreas, PERSONS_PER_DOOR, readAreasCsv, saveAreas, stationPlaces } from '../field/areas';
import { fieldDb } from '../field/tables';
import type { FieldDb } from '../field/tables';
import { cliActor, note, out, withApp } from './context';
import { n } from './format';
import { positiveInt } from './listen';
import type { PairFlags } from './elections-rounds';
import { analyseWithProgress, loadPair, pairOptions } from './elections-rounds';

function positiveNumber(value: string): number {
  const v = Number(value);
  if (!(Number.isFinite(v) && v > 0)) throw new InvalidArgumentError(`expected a positive number, found "${value}"`);
  return v;
}

function formatArg(value: string): AddressFormat {
  if (!(ADDRESS_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${ADDRESS_FORMATS.join(', ')}, found "${value}"`);
  return value as AddressFormat;
}

function printBad(bad: readonly BadAddressLine[], total: number): void {
  for (const b of bad.slice(0, 10)) out(`  line ${b.line}${b.column ? `, column ${b.column}` : ''}: ${b.reason}`);
  if (total > 10) out(`  … and ${n(total - 10)} more bad lines (--json lists the first 1,000)`);
}

const addressCount = (k: number): string => `${n(k)} ${k === 1 ? 'address' : 'addresses'}`;

function printLink(s: LinkSummary): void {
  out(`linked ${addressCount(s.linkedByDistance)} to their nearest station in ${s.seconds.toFixed(2)} s; ${n(s.withStation)} of ${n(s.addresses)} have a station, ${n(s.withArea)} an area`);
  if (s.noStation > 0) out(`  ${addressCount(s.noStation)} with no station within reach (--max-km to look farther, or give a station column)`);
  if (s.unknownStation > 0) out(`  ${addressCount(s.unknownStation)} naming a station code that is not among the stations (field stations import)`);
  if (s.withoutArea > 0) out(`  ${addressCount(s.withoutArea)} in no sample area`);
}

/** Links the addresses when there are stations to link them to (after an import or a change of stations). */
async function linkIfStations(db: FieldDb, maxKm: number): Promise<LinkSummary | null> {
  const any = await db.selectFrom('field_stations').select('code').limit(1).executeTakeFirst();
  return any ? linkAddresses(db, { maxKm }) : null;
}

interface ImportFlags {
  format?: AddressFormat;
  country?: string;
  batch?: number;
  maxKm: number;
  json?: boolean;
  progress: boolean;
}

function registerAddresses(field: Command): void {
  const addresses = field.command('addresses').description('address points (doors): import from CSV or the BAN, link to stations and areas');
  addresses
    .command('import')
    .description('import address points from a CSV (id, street, number, postcode, city, lat, lon[, doors, station, block]) or a BAN file; an interrupted import of the same file resumes, a repeated one updates in place')
    .argument('<file>', 'CSV (, or ; separated; UTF-8 or Latin-1; gzip read transparently)')
    .option('--format <format>', `${ADDRESS_FORMATS.join(' | ')} (default: detected from the header)`, formatArg)
    .option('--country <CC>', 'country of the addresses, for the household key that links doors to contacts (BAN: FR)')
    .option('--batch <n>', 'rows per transaction', positiveInt)
    .option('--max-km <km>', 'then link doors without a station to the nearest within this distance', positiveNumber, DEFAULT_MAX_KM)
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      await checkReadable(file);
      await withApp(command, async (app) => {
        const bar = createProgress(flags.progress && !flags.json, 'addresses');
        const s = await importAddresses(app.store, file, {
          format: flags.format,
          country: flags.country,
          batchRows: flags.batch,
          actor: cliActor(),
          onProgress: (p) => bar.update(p.bytes, p.size, `${n(p.read)} lines`),
        });
        bar.stop();
        const link = await linkIfStations(fieldDb(app.store.db), flags.maxKm);
        if (flags.json) return out(JSON.stringify({ ...s, link }, null, 2));
        if (s.resumedAfter !== null) note(`resumed an interrupted import of this file after line ${n(s.resumedAfter)}`);
        out(`import #${s.importId} (${s.format}, ${s.encoding}): ${n(s.read)} lines read in ${s.seconds.toFixed(1)} s — ${n(s.stored)} stored, ${n(s.updated)} updated, ${n(s.bad)} bad`);
        printBad(s.badLines, s.bad);
        if (link) printLink(link);
        else out('no polling stations yet: `hustings field stations import FILE` and then `field addresses link`');
      });
    });
  addresses
    .command('link')
    .description("link addresses to polling stations (the file's station, else the nearest within --max-km) and to their station's sample area")
    .option('--max-km <km>', 'farthest a door may be from its station', positiveNumber, DEFAULT_MAX_KM)
    .option('--relink', "forget every address's station and link all by distance again (import the files again to restore their own stations)")
    .option('--json', 'print the summary as JSON')
    .action(async (flags: { maxKm: number; relink?: boolean; json?: boolean }, command: Command) => {
      await withApp(command, async (app) => {
        const s = await linkAddresses(fieldDb(app.store.db), { maxKm: flags.maxKm, relink: flags.relink ?? false });
        if (flags.json) return out(JSON.stringify(s, null, 2));
        printLink(s);
      });
    });
}

function registerStations(field: Command): void {
  field
    .command('stations')
    .description('polling stations')
    .command('import')
    .description('import polling stations from a CSV: code, name, lat, lon (coordinates optional); then links the addresses')
    .argument('<file>', 'CSV file')
    .option('--max-km <km>', 'farthest a door may be from its station', positiveNumber, DEFAULT_MAX_KM)
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: { maxKm: number; json?: boolean }, command: Command) => {
      await checkReadable(file);
      await withApp(command, async (app) => {
        const db = fieldDb(app.store.db);
        const s = await importStations(db, file);
        const link = await linkAddresses(db, { maxKm: flags.maxKm });
        if (flags.json) return out(JSON.stringify({ ...s, link }, null, 2));
        out(`${n(s.read)} lines: ${n(s.stored)} stations stored, ${n(s.updated)} updated (${n(s.withCoordinates)} with coordinates), ${n(s.bad)} bad`);
        printBad(s.badLines, s.bad);
        printLink(link);
      });
    });
}

async function printAreas(db: FieldDb, json: boolean | undefined): Promise<void> {
  const areas = await listAreas(db);
  if (json) return out(JSON.stringify({ areas }, null, 2));
  if (areas.length === 0) return out('no sample areas yet: field areas import | auto | from-election');
  out('area        stations  addresses     doors  registered  name');
  for (const a of areas) out(`${a.id.padEnd(10)} ${String(a.stations).padStart(9)} ${n(a.addresses).padStart(10)} ${n(a.doors).padStart(9)} ${n(a.registered).padStart(11)}  ${a.name}`);
}

interface ElectionFlags extends PairFlags {
  campaign: string;
  gainFrom: string;
  method: string;
  seed?: number;
  target: number;
}

/** What new sample areas left to look at: station codes no stored station has, addresses left without an area. */
function warnAreas(saved: SavedAreas): void {
  if (saved.unknownStations > 0) note(`${n(saved.unknownStations)} station codes are not among the stored stations (${saved.unknownSample.join(', ')}${saved.unknownStations > saved.unknownSample.length ? ', …' : ''}): kept as stations without a place and without doors; check the codes against field stations import`);
  if (saved.addressesLeftOut > 0) note(`${n(saved.addressesLeftOut)} addresses had a sample area and have none now (their stations are in no area): turfs cannot be cut for them`);
}

function registerAreas(field: Command): void {
  const areas = field.command('areas').description('sample areas (~1,500 registered): groups of polling stations');
  areas
    .command('import')
    .description('set the sample areas from a CSV: area,station (one line per station), or the file `elections priority --csv` writes')
    .argument('<file>', 'CSV file')
    .action(async (file: string, _flags: unknown, command: Command) => {
      await checkReadable(file);
      await withApp(command, async (app) => {
        const { areas: read, bad } = await readAreasCsv(file);
        const saved = await saveAreas(fieldDb(app.store.db), read, file.split('/').pop()!);
        out(`${n(saved.areas)} sample areas over ${n(saved.stations)} stations; ${n(bad.length)} bad lines`);
        printBad(bad, bad.length);
        warnAreas(saved);
      });
    });
  areas
    .command('auto')
    .description(`without an election: group stations into areas of about --target registered, estimated as doors × ${PERSONS_PER_DOOR}`)
    .option('--target <n>', 'registered people per area', positiveInt, 1500)
    .option('--persons-per-door <x>', 'registered people per door (household)', positiveNumber, PERSONS_PER_DOOR)
    .action(async (flags: { target: number; personsPerDoor: number }, command: Command) => {
      await withApp(command, async (app) => {
        const saved = await areasFromStations(fieldDb(app.store.db), { target: flags.target, personsPerDoor: flags.personsPerDoor });
        out(`${n(saved.areas)} sample areas over ${n(saved.stations)} stations`);
        if (saved.stations === 0) note('no station has a door linked to it: import stations (field stations import) and addresses, then link them (field addresses link)');
        warnAreas(saved);
        await printAreas(fieldDb(app.store.db), false);
      });
    });
  pairOptions(areas.command('from-election').description("the elections module's priority sample areas (stations ranked by votes to gain), ids A01… in rank order"))
    .requiredOption('--campaign <keys>', "the campaign's first-round option keys, comma-separated")
    .option('--gain-from <key>', 'the second-round option its voters can be won back from', 'ABSTENTION')
    .option('--method <method>', 'goodman | lp | md-bayes', 'lp')
    .option('--seed <n>', 'random seed (md-bayes)', positiveInt)
    .option('--target <n>', 'registered voters per sample area', positiveInt, 1500)
    .action(async (flags: ElectionFlags, command: Command) => {
      const [from, to] = await loadPair(command, flags);
      const rule = priorityRule(flags.campaign, flags.gainFrom, from);
      checkPriorityRule(rule, from, to);
      const a = await analyseWithProgress(from, to, { method: transferMethod(flags.method), seed: flags.seed, perUnit: true }, flags);
      await withApp(command, async (app) => {
        const db = fieldDb(app.store.db);
        // Stations with coordinates let the areas group by distance, as a census file does in `elections priority`.
        const p = priorityOf(a, rule, await stationPlaces(db), flags.target);
        const saved = await saveAreas(db, areasOfSample(p.areas), `election:${flags.election ?? flags.from}`);
        out(`${n(saved.areas)} sample areas over ${n(saved.stations)} stations`);
        warnAreas(saved);
        await printAreas(db, false);
      });
    });
  areas
    .command('list')
    .description('sample areas with their stations, addresses and doors')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => withApp(command, (app) => printAreas(fieldDb(app.store.db), flags.json), { existing: true }));
}

/** `hustings field addresses|stations|areas …`: doors, polling stations and sample areas. */
export function registerFieldAddresses(field: Command): void {
  registerAddresses(field);
  registerStations(field);
  registerAreas(field);
}
