import { sql } from 'kysely';
import type { AnyDb } from '../../store';
import { bareHandle } from './account';
import type { ItemInput } from './items';

/** Does the store hold a post (from `platform`)? One index probe: the posts' key starts with the platform. */
async function anyPost(db: AnyDb, platform?: string): Promise<boolean> {
  let q = db.selectFrom('posts').select(sql<number>`1`.as('one')).limit(1);
  if (platform !== undefined) q = q.where('platform', '=', platform);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * What may keep account items from ever matching: a platform no stored post is from (a typo such
 * as `twiter`), or a Bluesky handle where the Jetstream keys authors by DID. The items are kept
 * all the same (posts from that platform may come later); no warning repeats a handle.
 */
export async function accountWarnings(db: AnyDb, inputs: readonly ItemInput[]): Promise<string[]> {
  const warnings: string[] = [];
  const platforms = new Set<string>();
  for (const i of inputs) {
    if ((i.kind === 'handle' || i.kind === 'account') && i.platform) platforms.add(i.platform);
    if (i.kind === 'handle' && i.platform === 'bluesky' && !bareHandle(i.value).startsWith('did:')) {
      warnings.push('a Bluesky handle matches posts from files that name authors by handle only: posts from the Jetstream are keyed by DID (bluesky:did:plc:…)');
    }
  }
  if (platforms.size === 0 || !(await anyPost(db))) return warnings;
  for (const p of platforms) {
    if (!(await anyPost(db, p))) warnings.push(`no stored post is from platform '${p}': is it spelled as the posts have it (\`hustings status\` lists them)? Posts from it will be matched as they come`);
  }
  return warnings;
}
