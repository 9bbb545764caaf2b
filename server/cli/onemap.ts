/**
 * Command line: `onemap migrate`, `onemap token create --role R --name N`, `onemap load DIR`.
 * Prints results on stdout and messages on stderr, so `npm run --silent token …` yields the token alone.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, repoRoot } from '../config.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { createToken } from '../auth/tokens.ts';
import { loadDataset } from '../layers/load-dataset.ts';
import { gradeAllSites } from '../grading/grading-store.ts';
import { loadGradingRules } from '../analysis/grading-rules.ts';
import { ROLES, type Role } from '../layers/types.ts';
import { USER_USAGE, userCommand } from '../auth/user-command.ts';
import { IMPORT_USAGE, importCommand } from './import-command.ts';
import { EXPORT_USAGE, exportCommand } from './export-command.ts';

const USAGE = `usage:
  onemap migrate
  onemap token create --role admin|planner|geohazard|duty|cadre|shelter --name NAME
  onemap load [DIR]          (default: data/sample/county)
${USER_USAGE}
${IMPORT_USAGE}
${EXPORT_USAGE}`;

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const [command, ...rest] = argv;
  if (command === 'migrate') {
    const db = await openConfiguredDatabase(config, 'migrating');
    await db.close();
    console.error('database schema is up to date');
    return;
  }
  if (command === 'user') return userCommand(config, rest);
  if (command === 'import') return importCommand(config, rest);
  if (command === 'export') return exportCommand(config, rest);
  if (command === 'token') {
    const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (positionals[0] !== 'create' || !values.name || !values.role) throw new Error(USAGE);
    if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    const db = await openConfiguredDatabase(config, 'creating a token');
    try {
      const { token } = await createToken(db.knex, values.name, values.role as Role);
      process.stdout.write(`${token}\n`);
    } finally {
      await db.close();
    }
    return;
  }
  if (command === 'load') {
    const dir = path.resolve(rest[0] ?? path.join(repoRoot, 'data/sample/county'));
    const db = await openConfiguredDatabase(config, 'loading data');
    try {
      const report = await loadDataset(db.knex, dir, 'data-load');
      console.error(`loaded ${dir}: ${Object.entries(report).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      if (report.risk_sites) {
        const graded = await gradeAllSites(db.knex, loadGradingRules(config.GRADING_RULES_FILE), 'data-load', `initial grading of ${path.basename(dir)}`);
        console.error(`graded ${graded.graded} risk sites with rules ${graded.rules_version}`);
      }
    } finally {
      await db.close();
    }
    return;
  }
  throw new Error(USAGE);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
