import { memoise } from '../../core/memo';
import { resolveCountry } from '../geo';
import type { Post } from '../post';

const LOCATION_CACHE = 50_000;
const byLocation = memoise((location: string) => resolveCountry(null, location).country, LOCATION_CACHE);

/** The post's country as its classification has it: the platform's place, else the declared location. */
export function countryOf(post: Post): string | null {
  if (post.placeCountry || !post.userLocation) return resolveCountry(post.placeCountry, post.userLocation).country;
  return byLocation(post.userLocation);
}
