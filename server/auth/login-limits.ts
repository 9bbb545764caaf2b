/**
 * Failed-login limits, counted in the database so that every instance enforces the same limits:
 * - per account and client address: a stranger's wrong passwords lock out the stranger's address,
 *   never the owner signing in from elsewhere;
 * - per client address, whatever the accounts;
 * - per account across all addresses, so that a botnet spraying one account slows itself down;
 *   addresses the account signed in from before are spared, so the owner at home still gets in.
 * An attempt is counted before its password is checked, so that many attempts in parallel cannot
 * slip past a limit together; a success then forgives the failures made from its address.
 */
import net from 'node:net';
import type { Knex } from 'knex';

export const LOGIN_WINDOW_MINUTES = 15;
/** How long a successful sign-in's address stays known to its account. */
export const KNOWN_ADDRESS_DAYS = 90;

export interface LoginLimits {
  /** Failed logins per account from one address. */
  perAccount: number;
  /** Failed logins per address, whatever the accounts. */
  perAddress: number;
  /** Failed logins per account from all addresses together (known addresses are spared). */
  perAccountTotal: number;
}

/**
 * The key an address is counted under: IPv4 as it is (also when written as IPv6), IPv6 by its
 * /64 network, since one host or household is given a whole /64 and could rotate through it.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!net.isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

interface Count {
  n: number;
  oldest: Date | null;
}

/** Seconds until the oldest counted failure leaves the window, when the count is over the limit; else 0. */
function waitFor(c: Count, limit: number): number {
  if (c.n <= limit) return 0;
  return Math.max(1, Math.ceil(((c.oldest ?? new Date()).getTime() + LOGIN_WINDOW_MINUTES * 60_000 - Date.now()) / 1000));
}

type CountsRow = Record<'pair_n' | 'address_n' | 'account_n', number> & Record<'pair_oldest' | 'address_oldest' | 'account_oldest', Date | string | null> & { known: boolean };

/** The three counts in the window, and whether the address is one the account signed in from. */
async function counts(knex: Knex, name: string, address: string): Promise<{ pair: Count; address: Count; account: Count; known: boolean }> {
  const { rows } = await knex.raw<{ rows: CountsRow[] }>(
    `SELECT count(*) FILTER (WHERE username = :name AND address = :address) AS pair_n,
            min(at)  FILTER (WHERE username = :name AND address = :address) AS pair_oldest,
            count(*) FILTER (WHERE address = :address) AS address_n,
            min(at)  FILTER (WHERE address = :address) AS address_oldest,
            count(*) FILTER (WHERE username = :name) AS account_n,
            min(at)  FILTER (WHERE username = :name) AS account_oldest,
            EXISTS (SELECT 1 FROM login_addresses k WHERE k.username = :name AND k.address = :address
                       AND k.last_success_at > now() - make_interval(days => :days)) AS known
       FROM login_failures
      WHERE at > now() - make_interval(mins => :minutes) AND (username = :name OR address = :address)`,
    { name, address, minutes: LOGIN_WINDOW_MINUTES, days: KNOWN_ADDRESS_DAYS },
  );
  const r = rows[0];
  const count = (n: number, oldest: Date | string | null): Count => ({ n, oldest: oldest === null ? null : new Date(oldest) });
  return { pair: count(r.pair_n, r.pair_oldest), address: count(r.address_n, r.address_oldest), account: count(r.account_n, r.account_oldest), known: r.known };
}

export type LoginAttempt = { allowed: true; id: number } | { allowed: false; retryAfterSeconds: number };

const accountName = (username: string) => username.toLowerCase().slice(0, 200);

/** Counts an attempt; refuses it (with the seconds to wait) when a limit is reached. `address` is an addressKey(). */
export async function beginLoginAttempt(knex: Knex, username: string, address: string, limits: LoginLimits): Promise<LoginAttempt> {
  const name = accountName(username);
  const [row] = (await knex('login_failures').insert({ username: name, address }).returning('id')) as Array<{ id: number }>;
  const c = await counts(knex, name, address);
  const retryAfterSeconds = Math.max(
    waitFor(c.pair, limits.perAccount),
    waitFor(c.address, limits.perAddress),
    c.known ? 0 : waitFor(c.account, limits.perAccountTotal),
  );
  if (retryAfterSeconds === 0) return { allowed: true, id: row.id };
  await forgetAttempt(knex, row.id);
  return { allowed: false, retryAfterSeconds };
}

/** An attempt that checked no password (refused, or the service was busy) does not count. */
export async function forgetAttempt(knex: Knex, attemptId: number): Promise<void> {
  await knex('login_failures').where({ id: attemptId }).delete();
}

/** A correct password forgives the failures made from its address and makes the address known to the account. */
export async function loginSucceeded(knex: Knex, username: string, address: string, attemptId: number): Promise<void> {
  const name = accountName(username);
  await knex('login_failures').where({ id: attemptId }).orWhere({ username: name, address }).delete();
  await knex('login_addresses').insert({ username: name, address, last_success_at: knex.fn.now() }).onConflict(['username', 'address']).merge(['last_success_at']);
  await knex('login_failures').where('at', '<', knex.raw(`now() - interval '1 day'`)).delete();
  await knex('login_addresses').where('last_success_at', '<', knex.raw('now() - make_interval(days => ?)', [KNOWN_ADDRESS_DAYS])).delete();
}
