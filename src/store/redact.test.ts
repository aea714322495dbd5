import { describe, expect, it } from 'vitest';
import { redactUrl } from './db';

describe('redactUrl', () => {
  it('hides the password, in the user part and in the parameters libpq takes it from', () => {
    expect(redactUrl('postgres://me:s3cret@db:5432/h')).toBe('postgres://me:***@db:5432/h');
    expect(redactUrl('postgres://me@db:5432/h?password=s3cret&sslmode=require&sslpassword=k3y')).toBe('postgres://me@db:5432/h?password=***&sslmode=require&sslpassword=***');
    expect(redactUrl('not a url')).toBe('(a database URL that cannot be read)');
  });
});
