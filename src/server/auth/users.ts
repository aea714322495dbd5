import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../../core/errors';
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
  api_tokens: { token_hash: string; user_name: string; label: string; created_at: number; expires_at: number | null };
  login_links: { token_hash: string; user_name: string; expires_at: number };
}

/** How long a session lasts without a new login. */
/** How many hex digits of a token's hash name it in listings and revocations. */
export const TOKEN_ID_HEX = 12;

export interface TokenInfo {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
}

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

  /** A new API token for a user (given once); it ends at `expiresAt` when given, else when revoked. */
  async issueToken(name: string, label: string, expiresAt: number | null = null): Promise<string> {
    if (!(await this.find(name))) throw new InputError(`no user named ${name}: create it with \`hustings users add ${name}\``);
    const token = `hst_${secret()}`;
    await this.db.insertInto('api_tokens').values({ token_hash: digest(token), user_name: name, label, created_at: Date.now(), expires_at: expiresAt }).execute();
    return token;
  }

  async tokenUser(token: string, now = Date.now()): Promise<User | null> {
    const r = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.name', 'api_tokens.user_name')
      .select(['users.name', 'users.role'])
      .where('api_tokens.token_hash', '=', digest(token))
      .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
      .executeTakeFirst();
    return r ? asUser(r) : null;
  }

  /** A user's API tokens, oldest first: each named by the start of its hash (the token itself is never kept). */
  async tokens(name: string): Promise<TokenInfo[]> {
    if (!(await this.find(name))) throw new InputError(`no user named ${name}`);
    const rows = await this.db.selectFrom('api_tokens').selectAll().where('user_name', '=', name).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.token_hash.slice(0, TOKEN_ID_HEX), label: r.label, createdAt: Number(r.created_at), expiresAt: r.expires_at === null ? null : Number(r.expires_at) }));
  }

  /**
   * Revokes a user's API tokens: one by its id (as `tokens` lists it) or by the token itself, or all
   * of them; with `all`, their sessions end and their unused login links go too. Returns how many tokens went.
   */
  async revoke(name: string, which: { id?: string; token?: string; all?: boolean }): Promise<number> {
    if (!(await this.find(name))) throw new InputError(`no user named ${name}`);
    let q = this.db.deleteFrom('api_tokens').where('user_name', '=', name);
    if (which.token !== undefined) q = q.where('token_hash', '=', digest(which.token));
    else if (which.id !== undefined) {
      if (!new RegExp(`^[0-9a-f]{${TOKEN_ID_HEX}}$`).test(which.id)) throw new InputError(`token id: expected ${TOKEN_ID_HEX} hex digits as \`hustings users tokens ${name}\` lists them, found ${JSON.stringify(which.id)}`);
      q = q.where('token_hash', 'like', `${which.id}%`);
    } else if (!which.all) throw new InputError('expected a token id, the token itself, or all of them');
    const gone = Number((await q.executeTakeFirst()).numDeletedRows);
    if (which.all) {
      // Everything that lets the user in: sessions, and login links not yet used.
      // Links first: a link redeemed meanwhile makes its session before the sessions go.
      await this.db.deleteFrom('login_links').where('user_name', '=', name).execute();
      await this.db.deleteFrom('sessions').where('user_name', '=', name).execute();
    }
    if (gone === 0 && !which.all) throw new NotFoundError(`user ${name} has no such token`);
    return gone;
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
