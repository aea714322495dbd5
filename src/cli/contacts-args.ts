import { InvalidArgumentError } from 'commander';
import { ACTIVITY_KINDS } from '../contacts/activities';
import { checkBasis, checkChannel, checkPurpose } from '../contacts/vocabulary';
import type { Basis, Channel } from '../contacts/vocabulary';

/**
 * Option parsers for the contacts vocabulary: a mistyped channel, purpose, basis or activity kind is a
 * usage error (exit 2, with the option named by commander), like any other bad option, not a data error.
 */
function asArgument<T>(check: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return check(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message.replace(/^option: /, '') : String(error));
    }
  };
}

export const channelArg = asArgument<Channel>((v) => checkChannel(v, 'option'));
export const purposeArg = asArgument<string>((v) => checkPurpose(v, 'option'));
export const basisArg = asArgument<Basis>((v) => checkBasis(v, 'option'));
export const activityKindArg = asArgument<(typeof ACTIVITY_KINDS)[number]>((v) => {
  if ((ACTIVITY_KINDS as readonly string[]).includes(v)) return v as (typeof ACTIVITY_KINDS)[number];
  throw new Error(`expected one of ${ACTIVITY_KINDS.join(', ')}, found ${JSON.stringify(v)}`);
});

/** A repeatable `--channel <c...>`: each value checked, all kept. */
export function channelsArg(value: string, previous: Channel[] | undefined): Channel[] {
  return [...(previous ?? []), channelArg(value)];
}
