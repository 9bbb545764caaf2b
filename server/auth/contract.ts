/** What the sign-in, user and token routes answer, in zod (the web client's session reads these types). */
import { z } from 'zod';
import { ROLES, type Role } from '../layers/types.ts';

const role = z.enum(ROLES as [Role, ...Role[]]);

export const sessionAnswer = z.object({ name: z.string(), role, expires_at: z.string() });
export type SessionAnswer = z.infer<typeof sessionAnswer>;

/** Who is signed in: a name and role, or { user: null } for an anonymous visitor. */
export const meAnswer = z.union([z.object({ name: z.string(), role }), z.object({ user: z.null() })]);
export type MeAnswer = z.infer<typeof meAnswer>;
/** A signed-in member of staff, as the session routes name them. */
export type SignedIn = Extract<MeAnswer, { name: string }>;

export const userAnswer = z.object({ id: z.number().int(), username: z.string(), role, created_at: z.string(), updated_at: z.string(), disabled_at: z.string().nullable() });
export type UserAnswer = z.infer<typeof userAnswer>;
export const usersAnswer = z.object({ users: z.array(userAnswer) });

export const tokenAnswer = z.object({ id: z.number().int(), name: z.string(), role, created_at: z.string(), revoked_at: z.string().nullable() });
export const tokensAnswer = z.object({ tokens: z.array(tokenAnswer) });
/** A new token: its secret is shown this once. */
export const createdTokenAnswer = z.object({ id: z.number().int(), name: z.string(), role, token: z.string() });
