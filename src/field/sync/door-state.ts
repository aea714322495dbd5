import type { ResultCode } from '../campaigns/results';

/** The current answer for a door in a campaign, from the log of its events. */
export interface DoorState {
  /** The event with the greatest (at, id): the latest word. */
  readonly eventId: string;
  readonly at: number;
  readonly user: string;
  /** The latest event's result, or do_not_contact once any event said so. */
  readonly result: ResultCode | string;
  readonly dnc: boolean;
}

export interface StateEvent {
  readonly id: string;
  readonly at: number;
  readonly result: string;
  readonly user: string;
}

/** Whether (at, id) of `a` comes after that of `b`: the order every phone and the server agree on. */
export function later(a: { at: number; id: string }, b: { at: number; id: string }): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}

/**
 * The door's state after one more event. The latest (at, id) wins, except that do_not_contact is
 * sticky: the result is a maximum over a lattice, so the state does not depend on the order in
 * which events arrive (commutative, associative, idempotent).
 */
export function nextState(state: DoorState | null, e: StateEvent): DoorState {
  const dnc = (state?.dnc ?? false) || e.result === 'do_not_contact';
  const newer = !state || later(e, { at: state.at, id: state.eventId });
  const base = newer ? { eventId: e.id, at: e.at, user: e.user, result: e.result } : { eventId: state.eventId, at: state.at, user: state.user, result: state.result };
  return { ...base, result: dnc ? 'do_not_contact' : base.result, dnc };
}

/** Two states of one door merged (what the upsert does in SQL when a batch meets the stored state). */
export function mergeStates(a: DoorState, b: DoorState): DoorState {
  const dnc = a.dnc || b.dnc;
  const w = later({ at: b.at, id: b.eventId }, { at: a.at, id: a.eventId }) ? b : a;
  return { ...w, result: dnc ? 'do_not_contact' : w.result, dnc };
}

/** The state of every door, keyed `campaignId:addressId`, from all its events (the reference the store must agree with). */
export function doorStates(events: readonly (StateEvent & { campaignId: number; addressId: number })[]): Map<string, DoorState> {
  const states = new Map<string, DoorState>();
  for (const e of events) {
    const key = `${e.campaignId}:${e.addressId}`;
    states.set(key, nextState(states.get(key) ?? null, e));
  }
  return states;
}
