/** The server process: the only place that listens. */
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './db/open-configured.ts';
import { createApp } from './app/app.ts';
import { loadSampleIfEmpty } from './prepare-database.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (m: string) => {
    if (config.LOG_LEVEL !== 'silent') console.log(m);
  };
  const db = await openConfiguredDatabase(config, 'starting the server');
  log(`database: ${db.kind === 'postgis' ? 'PostgreSQL/PostGIS' : `embedded PGlite + PostGIS in ${config.DATA_DIR}`}`);
  await loadSampleIfEmpty(db, config, log);
  const { app, tiles, analyses, pools, close } = createApp({ db, config, log: (m) => console.error(m) });
  void pools.warmUp().catch((e: unknown) => console.error(`worker warm-up failed: ${e instanceof Error ? e.message : String(e)}`));
  // Build the tile indexes, then read the analyses' layers, now rather than on the first request after start.
  void tiles
    .warmUp()
    .then(
      (r) => log(`tile indexes ready: ${r.map((x) => `${x.layer} ${x.features}`).join(', ')}`),
      (e: unknown) => console.error(`tile warm-up failed (tiles will build on demand): ${e instanceof Error ? e.message : String(e)}`),
    )
    .then(() => analyses.warmUp())
    .then(
      () => log('analysis layers read'),
      (e: unknown) => console.error(`analysis warm-up failed (layers will be read on demand): ${e instanceof Error ? e.message : String(e)}`),
    )
    // Then the road graph in every analysis thread, so a plan by travel never builds it while a warning waits.
    .then(() => analyses.warmTravel())
    .then(
      () => log('road graphs built'),
      (e: unknown) => console.error(`road graph warm-up failed (built on first use): ${e instanceof Error ? e.message : String(e)}`),
    );
  const server = app.listen(config.PORT, config.HOST, (err?: Error) => {
    if (err) {
      console.error(`cannot listen on ${config.HOST}:${config.PORT}: ${err.message}`);
      process.exit(1);
    }
    const { port } = server.address() as AddressInfo;
    const url = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
    log(`OneMap is running at ${url}/  (OGC API: ${url}/ogc)`);
  });

  // Idle connections stay longer than Node's 5 s: a load balancer in front keeps its own for 60 s
  // (it must never reuse one the server has just closed), and a client slow to take in a large
  // answer (a province analysis, several MB) is not cut off by the server closing the connection
  // under it. Headers must still come within the keep-alive time and a second.
  server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = config.KEEP_ALIVE_TIMEOUT_MS + 1000;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight, then closing`);
    // Stop accepting, let requests in flight finish, then close the database.
    server.close(() => {
      void close()
        .then(() => db.close())
        .then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
