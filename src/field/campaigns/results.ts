/**
 * What happened at a door, as the phone records it. `do_not_contact` is the strongest: it is
 * sticky for the door in its campaign and, with a person, suppresses that person everywhere.
 */
export const RESULT_CODES = ['contacted', 'not_home', 'refused', 'moved', 'come_back', 'do_not_contact'] as const;
export type ResultCode = (typeof RESULT_CODES)[number];

export function isResultCode(value: string): value is ResultCode {
  return (RESULT_CODES as readonly string[]).includes(value);
}
