import type { Command } from 'commander';
import { InputError, UsageError } from '../core/errors';
import { createProgress } from '../core/progress';
import type { App } from '../app/open';
import type { Influencers, ItemInput, ScanSummary, WatchlistInfo, WatchMatches } from '../listen/watch';
import { WatchLists, accountWarnings, checkWatchlistId, parseHandleSpec, resolveItems, scanWatchlist, watchInfluencers, watchMatches } from '../listen/watch';
import { note, out, storeNeeded, withApp } from './context';
import { n, seconds } from './format';

/** Where there is no store: what a watch command that writes acts on, and how watchlists come to be. */
const WATCHLIST_NEEDED = (what: string) => storeNeeded(`listen watch ${what}`, 'watchlists are made with `hustings listen watch add ID`');

interface AddFlags {
  name?: string;
  phrase: string[];
  hashtag: string[];
  expression: string[];
  account: string[];
  handle: string[];
  replace?: boolean;
  scan: boolean;
  json?: boolean;
  progress: boolean;
}

const many = (v: string, all: string[]): string[] => [...all, v];

/** The items the flags name; handles stay in memory only until they are pseudonymised. */
function itemInputs(flags: AddFlags): ItemInput[] {
  const account = (spec: string): ItemInput => {
    const m = /^(?:([a-z0-9][a-z0-9_-]{0,31}):)?([0-9a-f]{16})$/.exec(spec);
    if (!m) throw new UsageError('--account: expected a pseudonym (16 hex digits), optionally after its platform (twitter:0123456789abcdef); for a handle use --handle platform:@name');
    return { kind: 'account', value: m[2]!, platform: m[1] ?? null };
  };
  return [
    ...flags.phrase.map((value): ItemInput => ({ kind: 'phrase', value })),
    ...flags.hashtag.map((value): ItemInput => ({ kind: 'hashtag', value })),
    ...flags.expression.map((value): ItemInput => ({ kind: 'expression', value })),
    ...flags.account.map(account),
    ...flags.handle.map((spec): ItemInput => {
      const { platform, handle } = parseHandleSpec(spec);
      return { kind: 'handle', platform, value: handle };
    }),
  ];
}

/** Runs a scan with a progress bar (quiet without a terminal). */
async function scanWithProgress(app: App, id: string, show: boolean): Promise<ScanSummary> {
  const progress = createProgress(show, `scan ${id}`);
  try {
    const summary = await scanWatchlist(app.store.db, id, (p) => progress.update(p.scanned, p.total, `${n(p.scanned)} posts · ${n(p.recorded)} new matches`));
    if (!summary) throw new UsageError(`no watchlist ${id} (see \`hustings listen watch list\`)`);
    return summary;
  } finally {
    progress.stop();
  }
}

function printScan(s: ScanSummary): void {
  out(`Scanned ${n(s.scanned)} posts in ${seconds(s.elapsedMs)}: ${n(s.recorded)} new matches for ${s.watchlist}`);
}

async function add(app: App, id: string, flags: AddFlags): Promise<void> {
  const lists = new WatchLists(app.store.db);
  const existing = await lists.get(id);
  let fresh;
  let warnings: string[];
  try {
    const inputs = itemInputs(flags);
    fresh = resolveItems(inputs, app.pseudonymiser);
    warnings = await accountWarnings(app.store.db, inputs);
  } catch (error) {
    throw error instanceof InputError ? new UsageError(error.message) : error;
  }
  const kept = existing && !flags.replace ? existing.items : [];
  if (kept.length + fresh.length === 0) throw new UsageError('a watchlist needs at least one item: --phrase, --hashtag, --expression, --account or --handle');
  const name = flags.name ?? existing?.name ?? id;
  const saved = await lists.save(id, name, [...kept, ...fresh.filter((f) => !kept.some((k) => k.id === f.id))]);
  note(`Watchlist ${id} ${saved.created ? 'created' : 'updated'} (${n(kept.length + fresh.length)} items).`);
  for (const w of warnings) note(`warning: ${w}`);
  const scan = saved.itemsChanged && flags.scan ? await scanWithProgress(app, id, flags.progress && !flags.json) : null;
  if (flags.json) out(JSON.stringify({ ...saved, watchlist: await lists.get(id), scan }));
  else if (scan) printScan(scan);
}

function printList(l: WatchlistInfo): void {
  out(`${l.id}\t${l.name}\t${n(l.items.length)} items\t${n(l.matchedPosts)} posts matched\t${l.scannedAt ? `scanned ${l.scannedAt}` : 'not scanned'}`);
}

function printShow(l: WatchlistInfo, m: WatchMatches, inf: Influencers): void {
  printList(l);
  const matchedBy = new Map(m.byItem.map((i) => [i.item, i.posts]));
  out('Items:');
  for (const it of l.items) out(`  ${it.id}  ${it.kind.padEnd(10)}  ${it.platform ? `${it.platform} ` : ''}${it.value}  ${n(matchedBy.get(it.id) ?? 0)}`);
  out(`By country: ${m.byCountry.map((c) => `${c.country} ${n(c.posts)}`).join(' · ') || '–'}`);
  out('By day:');
  for (const d of m.overTime) out(`  ${d.t.slice(0, 10)}  ${d.posts === null ? `fewer than ${n(m.minCell ?? 0)}` : n(d.posts)}`);
  const row = (i: Influencers['byMatches'][number]): string => `  ${i.platform} ${i.pseudonym}  ${n(i.posts)} posts · ${n(i.repostsReceived)} reposts received`;
  out(`Top pseudonyms by matched posts (listed from ${inf.min}; ${n(inf.suppressed.byMatches)} left out):`);
  for (const i of inf.byMatches) out(row(i));
  out(`Top pseudonyms by reposts received (listed from ${inf.min}; ${n(inf.suppressed.byReposts)} left out):`);
  for (const i of inf.byReposts) out(row(i));
}

async function show(app: App, id: string, json: boolean): Promise<void> {
  const list = await new WatchLists(app.store.db).get(id);
  if (!list) throw new UsageError(`no watchlist ${id} (see \`hustings listen watch list\`)`);
  const matches = await watchMatches(app.store.db, id, {}, { bucket: 'day', limit: json ? 50 : 0, authors: true });
  const influencers = await watchInfluencers(app.store.db, id, {}, { limit: 10, min: 0 });
  if (json) out(JSON.stringify({ watchlist: list, matches, influencers }));
  else printShow(list, matches, influencers);
}

/** `hustings listen watch add|list|show|scan|remove`: watchlists of phrases, hashtags, expressions and accounts. */
export function registerWatch(listen: Command): void {
  const watch = listen.command('watch').description('watchlists: phrases, hashtags, expressions and accounts (by pseudonym), matched in every stored post');
  watch
    .command('add')
    .description('create a watchlist, or add items to one (handles are pseudonymised at once and never stored); then scan the stored posts')
    .argument('<id>', 'list id (lower-case letters, digits, _ and -)')
    .option('--name <name>', 'a name for people')
    .option('--phrase <words>', 'words in this order, whole words, any case and accents (repeatable)', many, [])
    .option('--hashtag <tag>', 'a hashtag, with or without # (repeatable)', many, [])
    .option('--expression <regex>', 'a regular expression (RE2: no backreferences or lookaround; any case and accents; repeatable)', many, [])
    .option('--account <pseudonym>', 'an author by pseudonym, optionally platform:PSEUDONYM (repeatable)', many, [])
    .option('--handle <platform:@name>', 'an author by handle, e.g. twitter:@name or mastodon:@user@server (repeatable)', many, [])
    .option('--replace', 'replace the list\'s items instead of adding to them')
    .option('--no-scan', 'do not scan the stored posts now (new posts are matched anyway)')
    .option('--json', 'print {created, itemsChanged, watchlist, scan} as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (id: string, flags: AddFlags, command: Command) => withApp(command, (app) => add(app, checkId(id), flags)));
  watch
    .command('list')
    .description('the watchlists, with posts matched')
    .option('--json', 'print them as JSON')
    .action(async (flags: { json?: boolean }, command: Command) =>
      withApp(command, async (app) => {
        const all = await new WatchLists(app.store.db).all();
        if (flags.json) out(JSON.stringify({ watchlists: all }));
        else if (all.length === 0) note('No watchlists yet: `hustings listen watch add ID --phrase …`.');
        else all.forEach(printList);
      }, { existing: true }),
    );
  watch
    .command('show')
    .description('a watchlist: matches by item, country and day, and the pseudonyms with most matched posts and reposts')
    .argument('<id>', 'list id')
    .option('--json', 'print {watchlist, matches, influencers} as JSON')
    .action(async (id: string, flags: { json?: boolean }, command: Command) => withApp(command, (app) => show(app, checkId(id), flags.json ?? false), { existing: true }));
  watch
    .command('scan')
    .description('match every stored post against a watchlist (what is recorded already is left alone)')
    .argument('<id>', 'list id')
    .option('--json', 'print {watchlist, scanned, total, recorded, elapsedMs} as JSON')
    .option('--no-progress', 'no progress bar')
    .action(async (id: string, flags: { json?: boolean; progress: boolean }, command: Command) =>
      withApp(command, async (app) => {
        const summary = await scanWithProgress(app, checkId(id), flags.progress && !flags.json);
        if (flags.json) out(JSON.stringify(summary));
        else printScan(summary);
      }, { existing: WATCHLIST_NEEDED('scan matches the stored posts against a stored watchlist') }),
    );
  watch
    .command('remove')
    .description('remove a watchlist with its items and matches')
    .argument('<id>', 'list id')
    .action(async (id: string, _flags: unknown, command: Command) =>
      withApp(command, async (app) => {
        if (!(await new WatchLists(app.store.db).remove(checkId(id)))) throw new UsageError(`no watchlist ${id}`);
        note(`Watchlist ${id} removed, with its matches.`);
      }, { existing: WATCHLIST_NEEDED('remove acts on a stored watchlist') }),
    );
}

function checkId(id: string): string {
  try {
    return checkWatchlistId(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
