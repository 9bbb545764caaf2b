/**
 * The migration list, imported statically so that the same migrations run under tsx,
 * vitest and any bundler without a directory scan. Append new migrations at the end.
 */
import type { Knex } from 'knex';
import * as layers from './001_layers.ts';
import * as apiTokens from './002_api_tokens.ts';
import * as usersSessions from './003_users_sessions.ts';
import * as history from './004_history.ts';
import * as importTables from './005_import.ts';
import * as changeFeed from './006_change_feed.ts';
import * as loginAddresses from './007_login_addresses.ts';
import * as roads from './008_roads.ts';
import * as operations from './009_operations.ts';
import * as afterCommitNotices from './010_after_commit_notices.ts';

export const MIGRATIONS: ReadonlyArray<[string, Knex.Migration]> = [
  ['001_layers', layers],
  ['002_api_tokens', apiTokens],
  ['003_users_sessions', usersSessions],
  ['004_history', history],
  ['005_import', importTables],
  ['006_change_feed', changeFeed],
  ['007_login_addresses', loginAddresses],
  ['008_roads', roads],
  ['009_operations', operations],
  ['010_after_commit_notices', afterCommitNotices],
];
