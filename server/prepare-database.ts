/**
 * Before serving: the schema up to date, and the county sample loaded (and graded) into an empty
 * database when LOAD_SAMPLE=auto. Done once by the server, or once by the cluster's primary
 * before it starts its instances.
 */
import path from 'node:path';
import type { Config } from './config.ts';
import { repoRoot } from './config.ts';
import type { Database } from './db/connect.ts';
import { isEmpty, loadDataset } from './layers/load-dataset.ts';
import { gradeAllSites } from './grading/grading-store.ts';
import { loadGradingRules } from './analysis/grading-rules.ts';

export async function loadSampleIfEmpty(db: Database, config: Config, log: (m: string) => void): Promise<void> {
  if (config.LOAD_SAMPLE !== 'auto' || !(await isEmpty(db.knex))) return;
  const report = await loadDataset(db.knex, path.join(repoRoot, 'data/sample/county'));
  log(`loaded the Xinyi county sample: ${Object.entries(report).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  // The sample's sites carry survey attributes only: grade them so the map opens with grades.
  const graded = await gradeAllSites(db.knex, loadGradingRules(config.GRADING_RULES_FILE), 'sample-loader', 'initial grading of the sample');
  log(`graded ${graded.graded} risk sites with rules ${graded.rules_version}`);
}
