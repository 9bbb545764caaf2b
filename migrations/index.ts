/**
 * The migration list, imported statically so that the same migrations run under tsx,
 * vitest and any bundler without a directory scan. Append new migrations at the end.
 */
import type { Knex } from 'knex';
import * as layers from './001_layers.ts';
import * as apiTokens from './002_api_tokens.ts';

export const MIGRATIONS: ReadonlyArray<[string, Knex.Migration]> = [
  ['001_layers', layers],
  ['002_api_tokens', apiTokens],
];
