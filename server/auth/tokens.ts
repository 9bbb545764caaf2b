/**
 * API bearer tokens. A token is 32 random bytes shown once at creation; only its SHA-256
 * is stored (a fast hash is enough for a high-entropy secret, unlike a password).
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Role } from '../layers/types.ts';

export interface Principal {
  name: string;
  role: Role;
  /** A bearer token (scripts) or a web session cookie (people). */
  via: 'token' | 'session';
}

const PREFIX = 'om_';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createToken(knex: Knex, name: string, role: Role): Promise<{ id: number; token: string }> {
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const [row] = await knex('api_tokens').insert({ name, role, token_hash: hashToken(token) }).returning('id');
  return { id: (row as { id: number }).id, token };
}

export async function findTokenPrincipal(knex: Knex, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const row = await knex('api_tokens')
    .where({ token_hash: hashToken(token) })
    .whereNull('revoked_at')
    .first<{ name: string; role: Role } | undefined>('name', 'role');
  return row ? { name: row.name, role: row.role, via: 'token' } : undefined;
}

export async function revokeToken(knex: Knex, id: number): Promise<boolean> {
  const rows = (await knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() }).returning('id')) as unknown[];
  return rows.length > 0;
}

export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

/** Every token without its secret (which is not stored anyway), newest first. */
export async function listTokens(knex: Knex): Promise<TokenInfo[]> {
  const rows = (await knex('api_tokens').select('id', 'name', 'role', 'created_at', 'revoked_at').orderBy('id', 'desc')) as Array<
    Omit<TokenInfo, 'created_at' | 'revoked_at'> & { created_at: Date | string; revoked_at: Date | string | null }
  >;
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString(), revoked_at: r.revoked_at === null ? null : new Date(r.revoked_at).toISOString() }));
}
