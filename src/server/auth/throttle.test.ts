import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle';

describe('LoginThrottle', () => {
  it('makes a name wait after too many failures in the window, and forgets them after a success', () => {
    const t = new LoginThrottle(3, 1000);
    for (const at of [0, 10, 20]) {
      expect(t.wait('ana', at)).toBe(0);
      t.fail('ana', at);
    }
    expect(t.wait('ana', 30)).toBe(970);
    expect(t.wait('bob', 30)).toBe(0);
    expect(t.wait('ana', 1001)).toBe(0);
    t.succeed('ana');
    expect(t.wait('ana', 1002)).toBe(0);
  });
});
