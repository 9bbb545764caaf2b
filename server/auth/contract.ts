/** What the sign-in, user and token routes answer, in zod (the web client's session reads these types). */
import { z } from 'zod';
import { ROLES, type Role } from '../layers/types.ts';
import { PASSWORD_MAX } from './passwords.ts';
import { USERNAME_PATTERN } from './users.ts';

const role = z.enum(ROLES as [Role, ...Role[]]);
const username = z.string().regex(USERNAME_PATTERN, 'must be 2–64 letters, digits or . _ @ -');
/** How strong a new password must be is checked apart (a 422 that says why): here only its size. */
const password = z.string().min(1).max(PASSWORD_MAX);

export const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
export const passwordBody = z.strictObject({ current_password: z.string().min(1).max(1000), new_password: z.string().min(1).max(1000) });
export const createUserBody = z.strictObject({ username, role, password });
export const changeUserBody = z
  .strictObject({ role: role.optional(), password: password.optional(), disabled: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, 'give role, password or disabled');
export const tokenBody = z.strictObject({
  name: z.string().min(1).max(100).refine((s) => ![...s].some((c) => c < ' ' || c === '\u007f'), 'must not contain control characters'),
  role,
});

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
