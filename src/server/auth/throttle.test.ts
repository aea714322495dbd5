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

  it('when full, forgets the name that failed longest ago, not every name: trying many names does not clear one', () => {
    const t = new LoginThrottle(2, 1000, 3);
    t.fail('ana', 0);
    t.fail('ana', 1);
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f'].entries()) {
      t.fail(name, 2 + i);
      t.fail('ana', 2 + i);
    }
    expect(t.wait('ana', 10)).toBeGreaterThan(0);
    expect(t.wait('b', 10)).toBe(0);
  });
});

describe('throttleKey', () => {
  it('counts IPv4 addresses one by one and IPv6 ones by their /64 network', async () => {
    const { throttleKey } = await import('../routes/contacts-import');
    expect(throttleKey('192.0.2.7')).toBe('192.0.2.7');
    expect(throttleKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(throttleKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleKey('::1')).toBe('0:0:0:0::/64');
  });
});
