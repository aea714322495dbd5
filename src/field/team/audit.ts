import type { AuditInput } from '../../contacts/audit';
import type { Assignment } from './assignments';
import type { Canvasser } from './canvassers';

/**
 * The audit entries of handing turfs out (a canvasser then receives the names of the consenting
 * residents at its doors) and of canvasser records, the same from the server and the command line.
 * Ids and counts only.
 */

export function canvasserSetEntry(actor: string, saved: Canvasser): AuditInput {
  return { actor, action: 'field.canvasser.set', subject: `user:${saved.user}`, detail: { attributes: Object.keys(saved.attributes).length, slots: saved.availability.length, person: saved.personId !== null } };
}

export function teamsAppliedEntry(actor: string, campaignId: number, applied: { ended: number; assignments: readonly Assignment[] }, teams: number): AuditInput {
  return { actor, action: 'field.teams.apply', subject: `campaign:${campaignId}`, detail: { assignments: applied.assignments.length, ended: applied.ended, teams, turfs: [...new Set(applied.assignments.map((a) => a.turfId))].slice(0, 1000) } };
}

export function assignmentEndedEntry(actor: string, ended: Assignment): AuditInput {
  return { actor, action: 'field.assignment.end', subject: `assignment:${ended.id}`, detail: { turf: ended.turfId } };
}
