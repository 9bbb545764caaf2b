/** Everything under /api about who someone is: the web login and the admins' users and tokens. */
import { Router } from 'express';
import type { Knex } from 'knex';
import { loadConfig } from '../config.ts';
import type { LoginLimits } from './login-limits.ts';
import { sessionRoutes, type SessionSettings } from './session-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { userRoutes } from './user-routes.ts';

/** Settings as the app passes them; a login limit left out takes its default. */
export type AuthSettings = Partial<Omit<SessionSettings, 'loginLimits'>> & { loginLimits?: Partial<LoginLimits> };

export function authRoutes(knex: Knex, settings: AuthSettings = {}): Router {
  const defaults = loadConfig({});
  const r = Router();
  r.use(
    sessionRoutes(knex, {
      sessionTtlHours: settings.sessionTtlHours ?? defaults.SESSION_TTL_HOURS,
      loginLimits: {
        perAccount: settings.loginLimits?.perAccount ?? defaults.LOGIN_LIMIT_ACCOUNT,
        perAddress: settings.loginLimits?.perAddress ?? defaults.LOGIN_LIMIT_ADDRESS,
        perAccountTotal: settings.loginLimits?.perAccountTotal ?? defaults.LOGIN_LIMIT_ACCOUNT_TOTAL,
      },
      publicUrl: settings.publicUrl,
    }),
  );
  r.use(userRoutes(knex));
  r.use(tokenRoutes(knex));
  return r;
}
