import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../../core/errors';
import type { Pseudonymiser } from '../../core/pseudonym';
import { PSEUDONYM_PATTERN } from '../../core/pseudonym';
import { PLATFORM_PATTERN } from '../formats/types';
import { accountPseudonym } from './account';
import { compileExpression } from './expression';
import { normaliseHashtag, words } from './fold';

export const ITEM_KINDS = ['phrase', 'hashtag', 'expression', 'account'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One thing a watchlist looks for, as stored: a phrase's folded words, a hashtag without '#', a pattern, or a pseudonym. */
export interface WatchItem {
  /** Stable id of the item (a digest of kind, platform and value): the same item keeps its matches across edits. */
  readonly id: string;
  readonly kind: ItemKind;
  readonly value: string;
  /** For an account: the platform it is on (null: any platform). */
  readonly platform: string | null;
}

export interface Watchlist {
  readonly id: string;
  readonly name: string;
  readonly items: readonly WatchItem[];
}

export const WATCHLIST_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PLATFORM = z.string().regex(PLATFORM_PATTERN, 'expected a lower-case platform name (twitter, bluesky, mastodon, …)');

/** An item as a person gives it; `handle` (with its platform) becomes an `account` by its pseudonym. */
export const ItemInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phrase'), value: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('hashtag'), value: z.string().min(1).max(140) }),
  z.object({ kind: z.literal('expression'), value: z.string().min(1).max(1000) }),
  z.object({ kind: z.literal('account'), value: z.string().regex(PSEUDONYM_PATTERN, 'expected a pseudonym: 16 lower-case hex digits'), platform: PLATFORM.nullish() }),
  z.object({ kind: z.literal('handle'), value: z.string().min(1).max(320), platform: PLATFORM }),
]);
export type ItemInput = z.infer<typeof ItemInput>;

export const WatchlistInput = z.object({
  id: z.string().regex(WATCHLIST_ID, 'expected a slug: lower-case letters, digits, _ and - (up to 64)'),
  name: z.string().trim().min(1).max(120),
  items: z.array(ItemInput).min(1, 'expected at least one item').max(1000),
});
export type WatchlistInput = z.infer<typeof WatchlistInput>;

function itemId(kind: ItemKind, platform: string | null, value: string): string {
  return createHash('sha256').update(`${kind}\u0000${platform ?? ''}\u0000${value}`).digest('hex').slice(0, 12);
}

function item(kind: ItemKind, value: string, platform: string | null = null): WatchItem {
  return { id: itemId(kind, platform, value), kind, value, platform };
}

/**
 * An item ready to store: phrases as their folded words, hashtags normalised, expressions
 * checked (RE2 syntax, length, not matching the empty text), handles turned into the pseudonym
 * their posts are stored under. Throws InputError naming the item's position.
 */
export function resolveItem(input: ItemInput, pseudonymiser: Pseudonymiser, position: number): WatchItem {
  const where = `items.${position}`;
  try {
    switch (input.kind) {
      case 'phrase': {
        const ws = words(input.value);
        if (ws.length === 0) throw new InputError('phrase: expected at least one word (letters or digits)');
        return item('phrase', ws.join(' '));
      }
      case 'hashtag': {
        const tag = normaliseHashtag(input.value);
        if (!tag) throw new InputError('hashtag: expected letters, digits or _ after an optional #');
        return item('hashtag', tag);
      }
      case 'expression':
        compileExpression(input.value);
        return item('expression', input.value);
      case 'account':
        return item('account', input.value, input.platform ?? null);
      case 'handle':
        return item('account', accountPseudonym(pseudonymiser, input.platform, input.value), input.platform);
    }
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
    throw error;
  }
}

/** The items of a list, resolved, each once (a repeated item is kept once). */
export function resolveItems(inputs: readonly ItemInput[], pseudonymiser: Pseudonymiser): WatchItem[] {
  const byId = new Map<string, WatchItem>();
  inputs.forEach((input, i) => {
    const resolved = resolveItem(input, pseudonymiser, i);
    if (!byId.has(resolved.id)) byId.set(resolved.id, resolved);
  });
  return [...byId.values()];
}

/** Checks a watchlist id given outside a body (a path or an argument). */
export function checkWatchlistId(id: string): string {
  if (!WATCHLIST_ID.test(id)) throw new InputError(`watchlist id: expected a slug (lower-case letters, digits, _ and -, up to 64), found ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}
