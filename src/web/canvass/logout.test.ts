import { describe, expect, it } from 'vitest';
import { logoutWarning } from './logout';

describe('the logout warning', () => {
  it('names what would be lost: unsent records, and refused ones not yet dealt with', () => {
    expect(logoutWarning(0, 0)).toBeNull();
    expect(logoutWarning(3, 0)).toBe('3 records are not sent yet. Logging out deletes them from this phone. Log out anyway?');
    expect(logoutWarning(0, 1)).toBe('1 refused record is neither sent again nor given up. Logging out deletes them from this phone. Log out anyway?');
    expect(logoutWarning(1, 2)).toBe('1 record is not sent yet, and 2 refused records are neither sent again nor given up. Logging out deletes them from this phone. Log out anyway?');
  });
});
