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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL || undefined;
  const template = templateLocation(url);
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
  project.provide('dbTemplate', template);
  return async () => {
    if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    else fs.rmSync(template, { recursive: true, force: true });
  };
}
