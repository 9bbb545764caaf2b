/**
 * `npm run start:cluster`: several OneMap instances on one machine sharing one port and one
 * PostgreSQL/PostGIS database (node's cluster module hands connections round-robin). The primary
 * migrates and loads the sample once, then starts CLUSTER_INSTANCES servers and restarts any that
 * dies; SIGTERM stops them all, each finishing its requests in flight. Instances stay coherent
 * through the database: the change feed, sessions, rate and login limits, import jobs.
 */
import cluster from 'node:cluster';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './db/open-configured.ts';
import { loadSampleIfEmpty } from './prepare-database.ts';

async function primary(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    throw new Error('start:cluster needs DATABASE_URL (PostgreSQL/PostGIS): the embedded database serves one process; use npm start');
  }
  const log = (m: string) => config.LOG_LEVEL !== 'silent' && console.log(m);
  const db = await openConfiguredDatabase(config, 'starting the cluster');
  try {
    await loadSampleIfEmpty(db, config, log);
  } finally {
    await db.close();
  }
  let stopping = false;
  const start = () => cluster.fork({ LOAD_SAMPLE: 'never' });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log(`instance ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(start, 1000).unref();
  });
  for (let i = 0; i < config.CLUSTER_INSTANCES; i++) start();
  log(`OneMap cluster: ${config.CLUSTER_INSTANCES} instances on port ${config.PORT}`);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    const alive = () => Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead());
    const wait = setInterval(() => !alive() && (clearInterval(wait), process.exit(0)), 100);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
}

if (cluster.isPrimary) {
  primary().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
} else {
  await import('./main.ts');
}
