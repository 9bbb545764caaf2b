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

/**
 * Live tokens seen lately, by hash: a cadre's phone sends a request every few seconds during a
 * warning, and a database round trip for each would queue the updates behind the pool. A revoke
 * on this instance drops the token at once; another instance stops accepting it within TOKEN_TTL_MS.
 * Unknown tokens are never kept (a flood of wrong ones must not fill the memory).
 */
export const TOKEN_TTL_MS = 5_000;
const MAX_CACHED_TOKENS = 10_000;
const recentTokens = new Map<string, { id: number; principal: Principal; until: number }>();

export async function findTokenPrincipal(knex: Knex, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const hash = hashToken(token);
  const now = Date.now();
  const cached = recentTokens.get(hash);
  if (cached && cached.until > now) return cached.principal;
  recentTokens.delete(hash);
  const row = await knex('api_tokens')
    .where({ token_hash: hash })
    .whereNull('revoked_at')
    .first<{ id: number; name: string; role: Role } | undefined>('id', 'name', 'role');
  if (!row) return undefined;
  const principal: Principal = { name: row.name, role: row.role, via: 'token' };
  if (recentTokens.size >= MAX_CACHED_TOKENS) recentTokens.clear();
  recentTokens.set(hash, { id: row.id, principal, until: now + TOKEN_TTL_MS });
  return principal;
}

export async function revokeToken(knex: Knex, id: number): Promise<boolean> {
  const rows = (await knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() }).returning('id')) as unknown[];
  for (const [hash, t] of recentTokens) if (t.id === id) recentTokens.delete(hash);
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
