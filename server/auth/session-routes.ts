/**
 * The web client's login: POST /auth/login sets an HttpOnly session cookie, POST /auth/logout
 * ends it, GET /auth/me says who is signed in, POST /auth/password changes one's password.
 */
import express, { Router } from 'express';
import type { Knex } from 'knex';
import { loginBody, passwordBody } from './contract.ts';
import { HttpError, forbidden, invalid, unauthorized } from '../http/errors.ts';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import { addressKey, beginLoginAttempt, forgetAttempt, loginSucceeded, type LoginLimits } from './login-limits.ts';
import { decoyHash, passwordProblem, verifyPassword } from './passwords.ts';
import { isSecure, parseBody } from './request-checks.ts';
import { SESSION_COOKIE, createSession, endSession } from './sessions.ts';
import { findForLogin, updateUser } from './users.ts';

export interface SessionSettings {
  sessionTtlHours: number;
  loginLimits: LoginLimits;
  publicUrl: string | undefined;
}


export function sessionRoutes(knex: Knex, settings: SessionSettings): Router {
  const r = Router();
  const json = express.json({ limit: '10kb' });

  const signIn = async (req: express.Request, res: express.Response, userId: number) => {
    const session = await createSession(knex, userId, settings.sessionTtlHours, { address: req.ip, userAgent: req.get('user-agent') });
    setCookie(res, SESSION_COOKIE, session.token, { maxAgeSeconds: settings.sessionTtlHours * 3600, secure: isSecure(req, settings.publicUrl) });
    return session.expiresAt.toISOString();
  };

  /** Counts a password attempt, or refuses it with 429 when the account or address is over its limit. */
  const countAttempt = async (req: express.Request, username: string): Promise<number> => {
    const attempt = await beginLoginAttempt(knex, username, addressKey(req.ip), settings.loginLimits);
    if (attempt.allowed) return attempt.id;
    throw new HttpError(429, 'too_many_attempts', `too many failed logins for this account or from this address; try again in ${attempt.retryAfterSeconds} s`, [], {
      'Retry-After': String(attempt.retryAfterSeconds),
    });
  };

  /** Checks a password; when it could not be checked (too many hashes waiting: 503), the attempt does not count. */
  const checkPassword = async (attemptId: number, check: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await check();
    } catch (e) {
      await forgetAttempt(knex, attemptId);
      throw e;
    }
  };

  r.post('/auth/login', json, async (req, res) => {
    const { username, password } = parseBody(loginBody, req, 'login');
    const attemptId = await countAttempt(req, username);
    const user = await findForLogin(knex, username);
    // An unknown or disabled account costs the same time and gets the same answer as a wrong password.
    const ok = await checkPassword(attemptId, async () =>
      user && user.disabled_at === null ? verifyPassword(password, user.password_hash) : (await verifyPassword(password, await decoyHash()), false),
    );
    if (!ok || !user) throw unauthorized('wrong username or password');
    await loginSucceeded(knex, username, addressKey(req.ip), attemptId);
    const expires_at = await signIn(req, res, user.id);
    res.set('Cache-Control', 'no-store').json({ name: user.username, role: user.role, expires_at });
  });

  r.post('/auth/logout', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await endSession(knex, token);
    clearCookie(res, SESSION_COOKIE, isSecure(req, settings.publicUrl));
    res.status(204).end();
  });

  r.get('/auth/me', (req, res) => {
    // Not being signed in is an answer, not an error: the public map asks on every visit.
    if (!req.principal) return void res.set('Cache-Control', 'no-store').json({ user: null });
    res.json({ name: req.principal.name, role: req.principal.role });
  });

  r.post('/auth/password', json, async (req, res) => {
    if (!req.principal) throw unauthorized('not signed in');
    if (req.principal.via !== 'session') throw forbidden('a token has no password; sign in as a user to change yours');
    const body = parseBody(passwordBody, req, 'password change');
    // Guessing the current password from a left-open session counts like failed logins.
    const attemptId = await countAttempt(req, req.principal.name);
    const user = await findForLogin(knex, req.principal.name);
    if (!user || !(await checkPassword(attemptId, () => verifyPassword(body.current_password, user.password_hash)))) {
      throw invalid('the current password is wrong', [{ field: 'current_password', message: 'does not match' }]);
    }
    await loginSucceeded(knex, user.username, addressKey(req.ip), attemptId);
    const problem = passwordProblem(body.new_password, user.username);
    if (problem) throw invalid('the new password is too weak', [{ field: 'new_password', message: problem }]);
    // Changing the password signs out every session, this one included; then this browser signs in again.
    await updateUser(knex, user.id, { password: body.new_password });
    const expires_at = await signIn(req, res, user.id);
    res.json({ name: user.username, role: user.role, expires_at });
  });

  return r;
}
