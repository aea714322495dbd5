import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError } from '../../core/errors';
import type { Store } from '../../store';
import { hashPassword, verifyPassword } from './passwords';

/** Not a hash: `verifyPassword` matches nothing against it. */
const NO_PASSWORD = '!';

/** Ordered: each role may do what the ones before it may (see roleAllows). */
export const ROLES = ['canvasser', 'viewer', 'analyst', 'organiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly name: string;
  readonly role: Role;
}

interface Tables {
  users: { name: string; role: string; password_hash: string; created_at: number };
  sessions: { token_hash: string; user_name: string; csrf: string; expires_at: number };
  api_tokens: { token_hash: string; user_name: string; label: string; created_at: number };
  login_links: { token_hash: string; user_name: string; expires_at: number };
}

/** How long a session lasts without a new login. */
export const SESSION_MS = 12 * 3_600_000;
/** How long a one-time login link stays valid. */
export const LOGIN_LINK_MS = 15 * 60_000;
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Whether `role` may do what `needed` may: admin ⊃ organiser ⊃ analyst ⊃ viewer ⊃ canvasser. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

let decoy: Promise<string> | null = null;

function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(16).toString('hex')));
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function asUser(r: { name: string; role: string }): User {
  return { name: r.name, role: r.role as Role };
}

/** Users, their sessions and API tokens. Secrets are returned once and stored only as digests. */
export class UserStore {
  private readonly db: Kysely<Tables>;

  constructor(store: Store) {
    this.db = store.db as unknown as Kysely<Tables>;
  }

  async add(name: string, role: string, password: string): Promise<User> {
    if (password.length < 12) throw new InputError(`password: expected at least 12 characters, found ${password.length}`);
    return this.insert(name, role, () => hashPassword(password));
  }

  /**
   * A user with no password: they can never log in with one, only by a login link or an API token
   * (the demo's SYNTHETIC canvassers: hashing a random password for each would cost a tenth of a
   * second apiece for nothing).
   */
  async addWithoutPassword(name: string, role: string): Promise<User> {
    return this.insert(name, role, async () => NO_PASSWORD);
  }

  private async insert(name: string, role: string, hash: () => Promise<string>): Promise<User> {
    if (!USER_NAME.test(name)) throw new InputError(`user name: expected lower-case letters, digits, '.', '_' or '-' (up to 64), found ${JSON.stringify(name)}`);
    if (!(ROLES as readonly string[]).includes(role)) throw new InputError(`role: expected one of ${ROLES.join(', ')}, found ${JSON.stringify(role)}`);
    if (await this.find(name)) throw new InputError(`user ${name} exists already`);
    await this.db.insertInto('users').values({ name, role, password_hash: await hash(), created_at: Date.now() }).execute();
    return { name, role: role as Role };
  }

  async find(name: string): Promise<User | null> {
    const r = await this.db.selectFrom('users').select(['name', 'role']).where('name', '=', name).executeTakeFirst();
    return r ? asUser(r) : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.selectFrom('users').select(['name', 'role']).orderBy('name').execute()).map(asUser);
  }

  /**
   * The user whose password this is; null for an unknown user or a wrong password. Both take
   * the same time (an unknown name is checked against a decoy hash), so that the answer's delay
   * does not tell which names exist.
   */
  async login(name: string, password: string): Promise<User | null> {
    const r = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    const ok = await verifyPassword(password, r?.password_hash ?? (await decoyHash()));
    return r && ok ? asUser(r) : null;
  }

  /** A new session: its cookie token and its CSRF token (both secrets, given once). */
  async openSession(user: User, now = Date.now()): Promise<{ token: string; csrf: string; expiresAt: number }> {
    const token = secret();
    const csrf = secret();
    const expiresAt = now + SESSION_MS;
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    await this.db.insertInto('sessions').values({ token_hash: digest(token), user_name: user.name, csrf, expires_at: expiresAt }).execute();
    return { token, csrf, expiresAt };
  }

  async session(token: string, now = Date.now()): Promise<(User & { csrf: string }) | null> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.name', 'sessions.user_name')
      .select(['users.name', 'users.role', 'sessions.csrf'])
      .where('sessions.token_hash', '=', digest(token))
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
    return r ? { ...asUser(r), csrf: r.csrf } : null;
  }

  async closeSession(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', digest(token)).execute();
  }

  /** A new API token for a user (given once). */
  async issueToken(name: string, label: string): Promise<string> {
    if (!(await this.find(name))) throw new InputError(`no user named ${name}: create it with \`hustings users add ${name}\``);
    const token = `hst_${secret()}`;
    await this.db.insertInto('api_tokens').values({ token_hash: digest(token), user_name: name, label, created_at: Date.now() }).execute();
    return token;
  }

  async tokenUser(token: string): Promise<User | null> {
    const r = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.name', 'api_tokens.user_name')
      .select(['users.name', 'users.role'])
      .where('api_tokens.token_hash', '=', digest(token))
      .executeTakeFirst();
    return r ? asUser(r) : null;
  }

  /** A one-time login link token for a user (given once; valid for `LOGIN_LINK_MS`, used once). */
  async issueLoginLink(name: string, now = Date.now()): Promise<string> {
    if (!(await this.find(name))) throw new InputError(`no user named ${name}: create it with \`hustings users add ${name}\``);
    const token = secret();
    await this.db.deleteFrom('login_links').where('expires_at', '<=', now).execute();
    await this.db.insertInto('login_links').values({ token_hash: digest(token), user_name: name, expires_at: now + LOGIN_LINK_MS }).execute();
    return token;
  }

  /** The user of a login link, which is used up by this call; null when unknown, used or expired. */
  async redeemLoginLink(token: string, now = Date.now()): Promise<User | null> {
    const r = await this.db
      .deleteFrom('login_links')
      .where('token_hash', '=', digest(token))
      .returning(['user_name', 'expires_at'])
      .executeTakeFirst();
    if (!r || Number(r.expires_at) <= now) return null;
    return this.find(r.user_name);
  }
}
