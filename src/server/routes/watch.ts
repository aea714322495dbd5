import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { Pseudonymiser } from '../../core/pseudonym';
import type { WatchlistInfo } from '../../listen/watch';
import { INFLUENCER_MIN, WatchLists, WatchlistInput, WatchScans, accountWarnings, checkWatchlistId, resolveItems, watchInfluencers, watchMatches } from '../../listen/watch';
import type { AnyDb } from '../../store';
import { roleAllows } from '../auth/users';
import type { Routes } from './define';
import { body, isoTime, query, rangeInOrder, wholeNumberParam } from './input';



const Filters = {
  from: isoTime.optional().describe('start of the time range, inclusive (ISO 8601)'),
  to: isoTime.optional().describe('end of the time range, exclusive (ISO 8601)'),
  country: z.string().regex(/^([A-Z]{2}|unknown)$/, 'expected an ISO 3166-1 alpha-2 code in capitals, or unknown').optional().describe('country code, or unknown'),
  item: z.string().regex(/^[0-9a-f]{12}$/, 'expected an item id (12 hex digits, from GET /api/watchlists)').optional().describe('only the matches of this item'),
};
const MatchesQuery = z.object({ ...Filters, bucket: z.enum(['hour', 'day']).default('day').describe('hour or day (default day)'), limit: wholeNumberParam(0, 200, 50).describe('latest matched posts to list, 0–200 (default 50)') }).superRefine(rangeInOrder);
const InfluencersQuery = z.object({
  ...Filters,
  limit: wholeNumberParam(1, 100, 20).describe('pseudonyms per ranking, 1–100 (default 20)'),
  min: wholeNumberParam(INFLUENCER_MIN, 1_000_000, INFLUENCER_MIN).describe(`least figure for a pseudonym to be listed (at least and by default ${INFLUENCER_MIN})`),
}).superRefine(rangeInOrder);

export interface WatchRouteDeps {
  readonly db: AnyDb;
  /** Turns handles into pseudonyms; without it, lists may name accounts by pseudonym only. */
  readonly pseudonymiser?: Pseudonymiser | undefined;
}

/** Watchlists: phrases, hashtags, expressions and pseudonymous accounts, their matches, and the pseudonyms that weigh most. */
export function watchRoutes(routes: Routes, deps: WatchRouteDeps): void {
  const lists = new WatchLists(deps.db);
  const scans = new WatchScans(deps.db, (id, error) => process.stderr.write(`hustings serve: scanning watchlist ${id} failed: ${(error as Error).message}\n`));
  const shown = (l: WatchlistInfo) => ({ ...l, scanning: scans.progress(l.id) });
  const known = async (id: string): Promise<WatchlistInfo> => {
    const list = await lists.get(checkWatchlistId(id));
    if (!list) throw new HTTPException(404, { message: `no watchlist ${id}` });
    return list;
  };
  routes.add({ method: 'get', path: '/api/watchlists', summary: 'the watchlists: items (accounts by pseudonym only), posts matched, scan state', role: 'viewer' }, async (c) =>
    c.json({ watchlists: (await lists.all()).map(shown) }),
  );
  routes.add({ method: 'post', path: '/api/watchlists', summary: 'create or replace a watchlist (handles are pseudonymised on arrival and never stored); the stored posts are then scanned in the background', role: 'analyst', body: WatchlistInput }, async (c) => {
    const input = await body(c, WatchlistInput);
    const pseudonymiser = deps.pseudonymiser;
    if (!pseudonymiser && input.items.some((i) => i.kind === 'handle')) throw new InputError('items: this server cannot pseudonymise handles; give accounts by pseudonym');
    const items = resolveItems(input.items, pseudonymiser!);
    const { created, itemsChanged } = await lists.save(input.id, input.name, items);
    if (itemsChanged) scans.start(input.id);
    const warnings = await accountWarnings(deps.db, input.items);
    return c.json({ created, watchlist: shown(await known(input.id)), ...(warnings.length ? { warnings } : {}) }, created ? 201 : 200);
  });
  routes.add({ method: 'get', path: '/api/watchlists/{id}', summary: 'one watchlist', role: 'viewer' }, async (c) => c.json({ watchlist: shown(await known(c.req.param('id') ?? '')) }));
  routes.add({ method: 'get', path: '/api/watchlists/{id}/matches', summary: "a watchlist's matched posts counted by item, country and hour or day, and the latest ones (author pseudonyms for analysts only; never the text)", role: 'viewer', query: MatchesQuery }, async (c) => {
    const list = await known(c.req.param('id') ?? '');
    const { bucket, limit, ...filter } = query(c, MatchesQuery);
    return c.json(await watchMatches(deps.db, list.id, filter, { bucket, limit, authors: roleAllows(c.get('user').role, 'analyst') }));
  });
  routes.add({ method: 'get', path: '/api/watchlists/{id}/influencers', summary: `the pseudonyms with most matched posts and most reposts received (each listed only with a figure of ${INFLUENCER_MIN} or more)`, role: 'analyst', query: InfluencersQuery }, async (c) => {
    const list = await known(c.req.param('id') ?? '');
    const { limit, min, ...filter } = query(c, InfluencersQuery);
    return c.json(await watchInfluencers(deps.db, list.id, filter, { limit, min }));
  });
  routes.add({ method: 'delete', path: '/api/watchlists/{id}', summary: 'remove a watchlist with its items and matches', role: 'admin' }, async (c) => {
    const list = await known(c.req.param('id') ?? '');
    await lists.remove(list.id);
    return c.json({ removed: list.id });
  });
}
