import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors';
import { detectContainer } from './container';

const detect = (text: string | Buffer): string => detectContainer(Buffer.isBuffer(text) ? text : Buffer.from(text), 'f');

describe('detectContainer', () => {
  it('tells JSON lines, JSON documents and arrays, and CSV apart', () => {
    expect(detect('{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n')).toBe('jsonl');
    expect(detect('not json\n{"id":2,"text":"b"}\n')).toBe('jsonl');
    expect(detect('{\n  "data": []\n}\n')).toBe('json');
    expect(detect('  [{"id": 1}]')).toBe('json');
    // An array written one object a line: its last element reads as a line of its own, and it is still an array.
    expect(detect('[\n  {"email":"a1@example.org"},\n  {"email":"a2@example.org"}\n]\n')).toBe('json');
    expect(detect('id;text;created_at\n1;hi;2016-06-23\n')).toBe('csv');
    expect(detect('email\nann@example.org\nbob@example.org\n')).toBe('csv');
    expect(detect('"E-mail"\r\nann@example.org\r\n')).toBe('csv');
  });

  it('takes lines that open an object with a key at their start for JSON lines, even when none of the first is whole', () => {
    expect(detect('{"id":"q1", "text": "cut\n{"id":"q2", "text": "cut\n')).toBe('jsonl');
    // A pretty-printed document indents what it nests, and a stream of them puts "{" alone on its line.
    expect(detect('{\n  "data": [\n    {\n      "id": "1"\n    }\n  ]\n}\n{\n  "data": []\n}\n')).toBe('json');
  });

  it('refuses what is none of them, saying what it found', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20)]);
    expect(() => detect(png)).toThrow(InputError);
    expect(() => detect(png)).toThrow('f: unknown format: expected JSON lines, a JSON array or document, or CSV with a header; found a PNG image');
    // What it found is described, never quoted: a one-column file's first line is a person's email.
    expect(() => detect('just some prose\n')).toThrow('found text whose first line (15 characters) is neither a JSON value nor a header of several columns');
    expect(() => detect('sophie.k@example.fr\r\nother@example.fr\r\n')).toThrow('found text whose first line (19 characters) is neither');
    expect(() => detect(Buffer.from('id,text,created_at\nl1,"caf\xe9 cr\xe8me",2016-06-01\n', 'latin1'))).toThrow('found text that is not UTF-8');
    expect(() => detect(Buffer.from('caf\xe9 cr\xe8me sans s\xe9parateur\nsuite\xe9 et fin\n', 'latin1'))).toThrow('found text that is not UTF-8 (Latin-1 or Windows-1252, as spreadsheets save it?): save it as "CSV UTF-8"');
    // A request body sent compressed (files and standard input are decompressed before this).
    expect(() => detect(gzipSync('{"id": "1"}\n'))).toThrow('found gzip-compressed data (send it decompressed)');
    expect(() => detect(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\r\n', 'utf16le')]))).toThrow('found UTF-16 text (Excel\'s "Unicode Text"): save it as "CSV UTF-8" instead');
  });
});
