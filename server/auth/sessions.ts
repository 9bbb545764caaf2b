/**
 * Web sessions, stored in the database so that any instance behind a load balancer can serve
 * them. The cookie holds 32 random bytes; the table holds only their SHA-256.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../layers/types.ts';
import { hashToken, type Principal } from './tokens.ts';

export const SESSION_COOKIE = 'onemap_session';

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(knex: Knex, userId: number, ttlHours: number, client: { address?: string; userAgent?: string }): Promise<NewSession> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await knex('sessions').insert({
    id: hashToken(token),
    user_id: userId,
    expires_at: expiresAt,
    address: client.address ?? null,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  });
  // Expired sessions are swept when someone signs in: no background job needed.
  await knex('sessions').where('expires_at', '<', knex.fn.now()).delete();
  return { token, expiresAt };
}

/** The signed-in user of a live session (not expired, account enabled), else undefined. */
export async function findSessionPrincipal(knex: Knex, token: string): Promise<Principal | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const row = (await knex('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.id', hashToken(token))
    .where('s.expires_at', '>', knex.fn.now())
    .whereNull('u.disabled_at')
    .first('u.username', 'u.role')) as { username: string; role: Role } | undefined;
  return row ? { name: row.username, role: row.role, via: 'session' } : undefined;
}

export async function endSession(knex: Knex, token: string): Promise<void> {
  await knex('sessions').where({ id: hashToken(token) }).delete();
}
