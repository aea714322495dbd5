import type { DoorState, FieldEvent, ResultCode } from './types';

/**
 * A door's state on the phone, by the server's rule (docs/field-design.md): the event with the
 * greatest (at, id) wins, except that do_not_contact is sticky. `latest` is the winner's result
 * (kept apart from `dnc` so that later events still order correctly); `shown` is what the walk
 * list displays.
 */
export interface LocalState {
  latest: ResultCode;
  at: number;
  eventId: string;
  dnc: boolean;
}

/** Whether event (at, id) comes after the state's winner; a server state without `at` comes before every phone event. */
function later(at: number, id: string, than: LocalState): boolean {
  return at > than.at || (at === than.at && id > than.eventId);
}

/** The state after one more event (pure: the order events are folded in does not change the answer). */
export function foldEvent(prev: LocalState | null, e: Pick<FieldEvent, 'id' | 'at' | 'result'>): LocalState {
  const dnc = (prev?.dnc ?? false) || e.result === 'do_not_contact';
  if (!prev || later(e.at, e.id, prev)) return { latest: e.result, at: e.at, eventId: e.id, dnc };
  return { ...prev, dnc };
}

/** The server's state as a starting point (an unknown time sorts before any phone event). */
export function fromServer(s: DoorState | null): LocalState | null {
  if (!s) return null;
  return { latest: s.result, at: s.at ?? Number.NEGATIVE_INFINITY, eventId: s.eventId ?? '', dnc: s.dnc || s.result === 'do_not_contact' };
}

export function shown(s: LocalState | null | undefined): ResultCode | null {
  if (!s) return null;
  return s.dnc ? 'do_not_contact' : s.latest;
}
