/** Users who sign in with a password: stored with a scrypt hash, never with the password. */
import type { Knex } from 'knex';
import type { Role } from '../layers/types.ts';
import { HttpError } from '../http/errors.ts';
import { hashPassword } from './passwords.ts';

export interface User {
  id: number;
  username: string;
  role: Role;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

type UserRow = Omit<User, 'created_at' | 'updated_at' | 'disabled_at'> & {
  created_at: Date | string;
  updated_at: Date | string;
  disabled_at: Date | string | null;
  password_hash: string;
};

/** Letters (any script), digits and . _ @ -: names that are safe in logs and URLs. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._@-]{2,64}$/u;

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function toUser(r: UserRow): User {
  return { id: r.id, username: r.username, role: r.role, created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)!, disabled_at: iso(r.disabled_at) };
}

const COLUMNS = ['id', 'username', 'role', 'created_at', 'updated_at', 'disabled_at'];

export async function createUser(knex: Knex, username: string, role: Role, password: string): Promise<User> {
  const password_hash = await hashPassword(password);
  const [row] = (await knex('users').insert({ username, role, password_hash }).returning(COLUMNS)) as UserRow[];
  return toUser(row);
}

export async function usernameTaken(knex: Knex, username: string, exceptId?: number): Promise<boolean> {
  const q = knex('users').whereRaw('lower(username) = lower(?)', [username]);
  if (exceptId !== undefined) q.whereNot({ id: exceptId });
  return (await q.first('id')) !== undefined;
}

/** The account and its hash, for a login (case-insensitive name). */
export async function findForLogin(knex: Knex, username: string): Promise<(User & { password_hash: string }) | undefined> {
  const row = (await knex('users').whereRaw('lower(username) = lower(?)', [username]).first([...COLUMNS, 'password_hash'])) as UserRow | undefined;
  return row ? { ...toUser(row), password_hash: row.password_hash } : undefined;
}

export async function getUser(knex: Knex, id: number): Promise<User | undefined> {
  const row = (await knex('users').where({ id }).first(COLUMNS)) as UserRow | undefined;
  return row ? toUser(row) : undefined;
}

export async function findUserByName(knex: Knex, username: string): Promise<User | undefined> {
  const row = (await knex('users').whereRaw('lower(username) = lower(?)', [username]).first(COLUMNS)) as UserRow | undefined;
  return row ? toUser(row) : undefined;
}

export async function listUsers(knex: Knex): Promise<User[]> {
  return ((await knex('users').select(COLUMNS).orderBy('id')) as UserRow[]).map(toUser);
}

export interface UserChange {
  role?: Role;
  password?: string;
  disabled?: boolean;
}

/** Key of the advisory lock that changes taking an admin's rights away are serialised on. */
const ADMINS_LOCK = 0x6f6e_6d61; // "onma"

export interface UpdateOptions {
  /** Refuse (409) a change that would leave no enabled admin: nobody could manage users after. */
  keepAnAdmin?: boolean;
}

/**
 * Applies a change; a new password or a disabled account also ends the user's sessions. With
 * keepAnAdmin, the last-admin rule is checked inside the transaction under a lock, so that two
 * admins taking each other's rights at the same moment cannot both pass the check.
 */
export async function updateUser(knex: Knex, id: number, change: UserChange, options: UpdateOptions = {}): Promise<User | undefined> {
  const values: Record<string, unknown> = { updated_at: knex.fn.now() };
  if (change.role !== undefined) values.role = change.role;
  if (change.password !== undefined) values.password_hash = await hashPassword(change.password);
  if (change.disabled !== undefined) values.disabled_at = change.disabled ? knex.fn.now() : null;
  const takesAdmin = (change.role !== undefined && change.role !== 'admin') || change.disabled === true;
  return knex.transaction(async (trx) => {
    if (options.keepAnAdmin && takesAdmin) {
      // Held until commit; what is read after it includes every change committed before it.
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [ADMINS_LOCK]);
      const user = (await trx('users').where({ id }).first(COLUMNS)) as UserRow | undefined;
      if (user && user.role === 'admin' && user.disabled_at === null && (await otherActiveAdmins(trx, id)) === 0) {
        const field = change.disabled ? 'disabled' : 'role';
        const message = `${user.username} is the last enabled admin; make another admin first`;
        throw new HttpError(409, 'conflict', message, [{ field, message }]);
      }
    }
    const [row] = (await trx('users').where({ id }).update(values).returning(COLUMNS)) as UserRow[];
    if (!row) return undefined;
    if (change.password !== undefined || change.disabled) await trx('sessions').where({ user_id: id }).delete();
    return toUser(row);
  });
}

/** Enabled admins other than `exceptId`. */
async function otherActiveAdmins(knex: Knex, exceptId: number): Promise<number> {
  const r = await knex('users').where({ role: 'admin' }).whereNull('disabled_at').whereNot({ id: exceptId }).count<Array<{ n: number }>>({ n: '*' });
  return r[0].n;
}
