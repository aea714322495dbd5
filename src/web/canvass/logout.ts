/**
 * What logging out would delete from the phone, as a question to confirm, or null when nothing
 * would be lost: records not sent yet (the outbox) and records the server refused that the
 * canvasser has neither sent again nor given up (the failed list).
 */
export function logoutWarning(unsent: number, refused: number): string | null {
  const parts: string[] = [];
  if (unsent > 0) parts.push(`${unsent} ${unsent === 1 ? 'record is' : 'records are'} not sent yet`);
  if (refused > 0) parts.push(`${refused} refused ${refused === 1 ? 'record is' : 'records are'} neither sent again nor given up`);
  if (parts.length === 0) return null;
  return `${parts.join(', and ')}. Logging out deletes them from this phone. Log out anyway?`;
}
