import type { Post } from '../post';
import type { Expression } from './expression';
import { compileExpression } from './expression';
import { hashtagsOf, stripMarks, words } from './fold';
import type { Watchlist } from './items';

/** One item of one watchlist that a post matched. */
export interface WatchHit {
  readonly watchlist: string;
  readonly item: string;
}

/** Every watchlist's items, compiled once: `match` is called on every stored post. */
export interface WatchIndex {
  /** How many items the index holds (0: nothing to match). */
  readonly size: number;
  /** The items a post matches, each once. */
  match(post: Post): WatchHit[];
}

interface Phrase {
  readonly words: readonly string[];
  readonly hits: WatchHit[];
}

interface Account {
  readonly platform: string | null;
  readonly hit: WatchHit;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Phrases by their first word, hashtags and accounts by value, expressions once per distinct pattern. */
function build(lists: readonly Watchlist[]) {
  const phrases = new Map<string, Phrase[]>();
  const phraseByValue = new Map<string, Phrase>();
  const hashtags = new Map<string, WatchHit[]>();
  const accounts = new Map<string, Account[]>();
  const expressions = new Map<string, { expression: Expression; hits: WatchHit[] }>();
  for (const list of lists) {
    for (const it of list.items) {
      const hit: WatchHit = { watchlist: list.id, item: it.id };
      if (it.kind === 'phrase') {
        let p = phraseByValue.get(it.value);
        if (!p) phraseByValue.set(it.value, (p = { words: it.value.split(' '), hits: [] }));
        if (p.hits.length === 0) push(phrases, p.words[0]!, p);
        p.hits.push(hit);
      } else if (it.kind === 'hashtag') push(hashtags, it.value, hit);
      else if (it.kind === 'account') push(accounts, it.value, { platform: it.platform, hit });
      else {
        const e = expressions.get(it.value) ?? { expression: compileExpression(it.value), hits: [] };
        expressions.set(it.value, e);
        e.hits.push(hit);
      }
    }
  }
  return { phrases, hashtags, accounts, expressions: [...expressions.values()] };
}

function phraseAt(ws: readonly string[], i: number, p: Phrase): boolean {
  for (let k = 1; k < p.words.length; k++) if (ws[i + k] !== p.words[k]) return false;
  return true;
}

/**
 * Compiles watchlists into one index. A phrase matches whole words in order, ignoring case,
 * accents and the punctuation between words ("Take back control!" matches "take back control";
 * "controlled" does not match "control"); a hashtag matches the post's hashtags ("#Brexit" is
 * "brexit"); an expression is an RE2 pattern, case- and accent-insensitive; an account matches
 * the posts its pseudonym wrote (on its platform, when the item names one).
 */
export function compileWatchlists(lists: readonly Watchlist[]): WatchIndex {
  const { phrases, hashtags, accounts, expressions } = build(lists);
  const size = lists.reduce((s, l) => s + l.items.length, 0);
  return {
    size,
    match(post) {
      const hits = new Set<WatchHit>();
      if (post.author) for (const a of accounts.get(post.author) ?? []) if (a.platform === null || a.platform === post.platform) hits.add(a.hit);
      if (phrases.size > 0) {
        const ws = words(post.text);
        for (let i = 0; i < ws.length; i++) for (const p of phrases.get(ws[i]!) ?? []) if (phraseAt(ws, i, p)) for (const h of p.hits) hits.add(h);
      }
      if (hashtags.size > 0) for (const tag of hashtagsOf(post.text)) for (const h of hashtags.get(tag) ?? []) hits.add(h);
      if (expressions.length > 0) {
        const text = stripMarks(post.text);
        const lower = text.toLowerCase();
        for (const e of expressions) if (e.expression.test(text, lower)) for (const h of e.hits) hits.add(h);
      }
      return [...hits];
    },
  };
}
