/**
 * The one normalised, pseudonymised post that every format turns into and every later stage reads.
 * It holds no name, handle, bio, avatar, follower count or raw account id: see README "What is stored".
 */
export interface Post {
  /** Platform the post comes from: twitter, bluesky, mastodon, or a name given for generic input. */
  readonly platform: string;
  /** Post id, unique within the platform (never containing a raw account id). */
  readonly id: string;
  /** Creation time, milliseconds since the Unix epoch, UTC. */
  readonly createdAt: number;
  /** Text with mentions replaced by pseudonyms and e-mail addresses removed. */
  readonly text: string;
  /** Language the platform declared (ISO 639-1, lower case), or null. */
  readonly lang: string | null;
  /** Keyed pseudonym of the author, or null when the input names no author. */
  readonly author: string | null;
  readonly isRepost: boolean;
  readonly repostOf: string | null;
  readonly replyTo: string | null;
  readonly quoteOf: string | null;
  /** The platform's public place attached to the post (e.g. "Manchester, England"). */
  readonly placeName: string | null;
  /** ISO 3166-1 alpha-2 country code of that place. */
  readonly placeCountry: string | null;
  /** The location the author declared publicly on their profile, as written. */
  readonly userLocation: string | null;
  /** Input format the post was read from. */
  readonly format: string;
  /** The author's age band (e.g. 25-34) when the input carries it (aggregate exports do); never an exact age. */
  readonly ageBand?: string | null;
  /** The author's gender (female, male, other) when the input carries it. */
  readonly gender?: string | null;
}

export const MAX_LOCATION_CHARS = 120;
