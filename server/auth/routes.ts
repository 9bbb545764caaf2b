/** Everything under /api about who someone is: the web login and the admins' users and tokens. */
import { Router } from 'express';
import type { Knex } from 'knex';
import { loadConfig } from '../config.ts';
import { sessionRoutes, type SessionSettings } from './session-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { userRoutes } from './user-routes.ts';

export function authRoutes(knex: Knex, settings: Partial<SessionSettings> = {}): Router {
  const defaults = loadConfig({});
  const r = Router();
  r.use(
    sessionRoutes(knex, {
      sessionTtlHours: settings.sessionTtlHours ?? defaults.SESSION_TTL_HOURS,
      loginLimits: settings.loginLimits ?? { perAccount: defaults.LOGIN_LIMIT_ACCOUNT, perAddress: defaults.LOGIN_LIMIT_ADDRESS },
      publicUrl: settings.publicUrl,
    }),
  );
  r.use(userRoutes(knex));
  r.use(tokenRoutes(knex));
  return r;
}
