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
  via: 'token';
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
  const n = await knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() });
  return n > 0;
}
