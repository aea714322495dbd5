import { InputError } from '../../core/errors';
import type { Pseudonymiser } from '../../core/pseudonym';
import { genericAuthorKey } from '../formats/generic';
import { PLATFORM_PATTERN } from '../formats/types';

/** A handle as typed, without spaces around it or its leading @. */
export function bareHandle(handle: string): string {
  return handle.trim().replace(/^@/, '');
}

/**
 * The value an author is pseudonymised from, for an account given by hand, exactly as the
 * formats key their authors (so that the same account gets the same pseudonym):
 * - Mastodon: the full `user@server`, lower case (the Mastodon format's key);
 * - Bluesky: a DID (`did:plc:…`) as it is (the Jetstream format's key); a handle otherwise;
 * - any other platform: a numeric account id as it is (Twitter's API formats key authors by
 *   it), else `handle:<name>` in lower case, as generic and CSV inputs key an author named by handle.
 */
export function accountKey(platform: string, handle: string): string {
  const bare = bareHandle(handle);
  if (bare.length === 0) throw new InputError(`handle: expected an account name or id on ${platform}, found nothing`);
  if (platform === 'mastodon') {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(bare)) throw new InputError('handle: a Mastodon account is user@server (e.g. @alice@mastodon.social); the name given has no server');
    return bare.toLowerCase();
  }
  if (platform === 'bluesky' && bare.startsWith('did:')) return bare;
  return genericAuthorKey(bare);
}

/**
 * The pseudonym stored as the author of `handle`'s posts on `platform`. The handle itself is
 * kept nowhere, and no error message repeats it.
 */
export function accountPseudonym(pseudonymiser: Pseudonymiser, platform: string, handle: string): string {
  return pseudonymiser.pseudonym(platform, accountKey(platform, handle));
}


/** Splits `platform:@name` (the CLI's --handle) into its parts. */
export function parseHandleSpec(spec: string): { platform: string; handle: string } {
  const at = spec.indexOf(':');
  const platform = at > 0 ? spec.slice(0, at).toLowerCase() : '';
  if (!PLATFORM_PATTERN.test(platform)) throw new InputError(`--handle: expected platform:@name (e.g. twitter:@someone or mastodon:@alice@mastodon.social), found a value without a platform`);
  return { platform, handle: spec.slice(at + 1) };
}
