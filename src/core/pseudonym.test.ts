import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { loadOrCreateKey, parseKey, Pseudonymiser, readKey } from './pseudonym';

describe('Pseudonymiser', () => {
  const a = new Pseudonymiser(Buffer.alloc(32, 1));
  const b = new Pseudonymiser(Buffer.alloc(32, 2));

  it('is deterministic per key, differs across keys and namespaces, and hides the input', () => {
    expect(a.pseudonym('twitter', '12345')).toBe(a.pseudonym('twitter', '12345'));
    expect(a.pseudonym('twitter', '12345')).not.toBe(b.pseudonym('twitter', '12345'));
    expect(a.pseudonym('twitter', '12345')).not.toBe(a.pseudonym('mastodon', '12345'));
    expect(a.pseudonym('twitter', '12345')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('has a fingerprint that identifies the key without revealing it', () => {
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.fingerprint).not.toContain(Buffer.alloc(32, 1).toString('hex').slice(0, 8));
  });

  it('refuses short keys', () => {
    expect(() => new Pseudonymiser(Buffer.alloc(8))).toThrow(ConfigError);
    expect(() => parseKey('abcd', 'X')).toThrow('X: expected a pseudonym key of at least 16 bytes (hex or base64), found 2 bytes');
  });
});

describe('loadOrCreateKey', () => {
  it('creates a private key file once, then reads the same key back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-key-'));
    const first = await loadOrCreateKey(dir);
    const second = await loadOrCreateKey(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    expect(statSync(join(dir, 'hustings.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'hustings.key'), 'utf8').trim()).toBe(first.key.toString('hex'));
  });

  it('prefers a key given in the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-key-'));
    const { key, created } = await loadOrCreateKey(dir, 'ab'.repeat(32));
    expect(created).toBe(false);
    expect(key.toString('hex')).toBe('ab'.repeat(32));
  });
});

describe('readKey', () => {
  it('reads the key given or the key file, and where there is neither gives null and makes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-key-'));
    expect(await readKey(join(dir, 'data'))).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    expect((await readKey(dir, 'ab'.repeat(32)))?.toString('hex')).toBe('ab'.repeat(32));
    const made = await loadOrCreateKey(dir);
    expect((await readKey(dir))?.equals(made.key)).toBe(true);
  });
});

describe('Pseudonymiser.derive', () => {
  it('gives a 32-byte key per purpose, the same for the same key, and neither the key nor a pseudonym', () => {
    const key = Buffer.from('ab'.repeat(32), 'hex');
    const p = new Pseudonymiser(key);
    const seal = p.derive('hustings audit head seal v1');
    expect(seal).toHaveLength(32);
    expect(new Pseudonymiser(Buffer.from(key)).derive('hustings audit head seal v1').equals(seal)).toBe(true);
    expect(p.derive('another use').equals(seal)).toBe(false);
    expect(new Pseudonymiser(Buffer.from('cd'.repeat(32), 'hex')).derive('hustings audit head seal v1').equals(seal)).toBe(false);
    expect(seal.equals(key)).toBe(false);
    // Not a pseudonym of the purpose in any split into namespace and value.
    expect(seal.toString('hex').startsWith(p.pseudonym('hustings derive', 'hustings audit head seal v1'))).toBe(false);
    expect(seal.toString('hex').startsWith(p.pseudonym('hustings', 'hustings audit head seal v1'))).toBe(false);
  });
});
