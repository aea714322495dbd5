import { describe, expect, it } from 'vitest';
import { streamConfig } from './config';

describe('streamConfig', () => {
  it('reads the host, the database of the path and the stream name, and keeps the password out of the label', () => {
    const c = streamConfig('redis://:s3cret@redis-host:6390/3?stream=brexit');
    expect([c.db, c.stream, c.deadLetters, c.label]).toEqual([3, 'brexit:posts', 'brexit:dead', 'redis://:***@redis-host:6390/3']);
    expect(streamConfig('redis://127.0.0.1:6379').db).toBe(0);
    expect(streamConfig('redis://127.0.0.1:6379/').db).toBe(0);
  });

  it('refuses a database that is not a number, and parameters other than stream', () => {
    expect(() => streamConfig('redis://127.0.0.1:6390/abc')).toThrow('Redis URL: expected a database number after the port (/0, /1, …), found "/abc" in redis://127.0.0.1:6390/abc');
    expect(() => streamConfig('redis://127.0.0.1:6390/1/2')).toThrow(/found "\/1\/2"/);
    expect(() => streamConfig('redis://:pw@127.0.0.1:6390?strem=x')).toThrow('Redis URL: the only parameter is stream=NAME (the database goes in the path, /0 to /15), found "strem" in redis://:***@127.0.0.1:6390?strem=x');
    // A mistyped pipeline name does not quietly join the default pipeline, or the first of two.
    expect(() => streamConfig('redis://127.0.0.1:6390/1?stream=')).toThrow('Redis URL: stream= is empty; give the pipeline\'s name (stream=NAME), or leave stream= out for the default (hustings:listen)');
    expect(() => streamConfig('redis://127.0.0.1:6390/1?stream=a&stream=b')).toThrow('Redis URL: stream= is given 2 times ("a", "b"); give it once');
  });
});
