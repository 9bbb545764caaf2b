/**
 * Failed-login limits per account and per client address, counted in the database so that
 * every instance enforces the same limits. An attempt is counted before its password is
 * checked, so that many attempts in parallel cannot slip past the limit together; a
 * success then clears the account's count.
 */
import type { Knex } from 'knex';

export const LOGIN_WINDOW_MINUTES = 15;

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
}

const windowStart = (knex: Knex) => knex.raw(`now() - interval '${LOGIN_WINDOW_MINUTES} minutes'`);

async function attempts(knex: Knex, column: 'username' | 'address', value: string): Promise<{ n: number; oldest: Date | null }> {
  const r = (await knex('login_failures')
    .where(column, value)
    .where('at', '>', windowStart(knex))
    .first(knex.raw('count(*) AS n'), knex.raw('min(at) AS oldest'))) as { n: string | number; oldest: Date | string | null };
  return { n: Number(r.n), oldest: r.oldest === null ? null : new Date(r.oldest) };
}

export type LoginAttempt = { allowed: true; id: number } | { allowed: false; retryAfterSeconds: number };

/** Counts an attempt; refuses it (with the seconds to wait) when the account or the address is over its limit. */
export async function beginLoginAttempt(knex: Knex, username: string, address: string, limits: LoginLimits): Promise<LoginAttempt> {
  const name = username.toLowerCase().slice(0, 200);
  const [row] = (await knex('login_failures').insert({ username: name, address }).returning('id')) as Array<{ id: number | string }>;
  const [account, client] = await Promise.all([attempts(knex, 'username', name), attempts(knex, 'address', address)]);
  const wait = (a: { n: number; oldest: Date | null }, limit: number) =>
    a.n <= limit ? 0 : Math.max(1, Math.ceil(((a.oldest ?? new Date()).getTime() + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
  const retryAfterSeconds = Math.max(wait(account, limits.perAccount), wait(client, limits.perAddress));
  if (retryAfterSeconds === 0) return { allowed: true, id: Number(row.id) };
  // A refused attempt checked no password: it does not count against the account.
  await knex('login_failures').where({ id: row.id }).delete();
  return { allowed: false, retryAfterSeconds };
}

/** A correct password forgives the account's failed attempts. */
export async function loginSucceeded(knex: Knex, username: string, attemptId: number): Promise<void> {
  await knex('login_failures').where({ id: attemptId }).orWhere({ username: username.toLowerCase() }).delete();
  await knex('login_failures').where('at', '<', knex.raw(`now() - interval '1 day'`)).delete();
}
