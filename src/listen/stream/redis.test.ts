import { describe, expect, it } from 'vitest';
import { isTransient } from './redis';

const named = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, ...(code ? { code } : {}) });

describe('isTransient', () => {
  it('waits out what a restart or a crash of Redis causes', () => {
    for (const e of [
      named('AbortError', 'Command aborted due to connection close'),
      named('Error', 'connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'),
      named('Error', 'read ECONNRESET', 'ECONNRESET'),
      named('Error', 'Connection is closed.'),
      named('ReplyError', 'LOADING Redis is loading the dataset in memory'),
      named('ReplyError', 'EXECABORT Transaction discarded because of previous errors.'),
      named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.'),
    ]) expect(isTransient(e), e.message).toBe(true);
  });

  it('fails at once on what waiting cannot mend', () => {
    for (const e of [
      named('ReplyError', 'WRONGTYPE Operation against a key holding the wrong kind of value'),
      named('ReplyError', 'NOGROUP No such key or consumer group'),
      named('AbortError', 'Command aborted for another reason'),
      named('TypeError', 'x is not a function'),
    ]) expect(isTransient(e), e.message).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
