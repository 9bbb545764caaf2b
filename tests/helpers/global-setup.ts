import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { loadDataset } from '../../server/layers/load-dataset.ts';
import { gradeAllSites } from '../../server/grading/grading-store.ts';
import { loadGradingRules } from '../../server/analysis/grading-rules.ts';
import { loadConfig } from '../../server/config.ts';
import { SAMPLE_DIR, adminQuery, templateLocation, withDatabase } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}

/** One template per run, shared by every project that needs a database (api, e2e). */
let shared: { template: string; made: Promise<void>; users: number } | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL || undefined;
  if (!shared) {
    const template = templateLocation(url);
    shared = { template, made: makeTemplate(url, template), users: 0 };
  }
  const mine = shared;
  mine.users++;
  await mine.made;
  project.provide('dbTemplate', mine.template);
  return async () => {
    // The last project to finish removes it.
    if (--mine.users > 0) return;
    if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${mine.template} WITH (FORCE)`);
    else fs.rmSync(mine.template, { recursive: true, force: true });
  };
}

async function makeTemplate(url: string | undefined, template: string): Promise<void> {
  if (url) await adminQuery(url, `CREATE DATABASE ${template}`);
  const db = await openDatabase({
    DATABASE_URL: url ? withDatabase(url, template) : undefined,
    DATA_DIR: template,
    DB_POOL_MAX: 2,
    STATEMENT_TIMEOUT_MS: 60_000,
  });
  await migrateLatest(db.knex);
  await loadDataset(db.knex, SAMPLE_DIR);
  // As `npm start` does: the sample's sites get their first grading.
  await gradeAllSites(db.knex, loadGradingRules(loadConfig({}).GRADING_RULES_FILE), 'sample-loader', 'initial grading of the sample');
  await db.close();
}
