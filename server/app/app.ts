/**
 * The express application, built from its dependencies: nothing here listens or reads
 * the environment, so tests build as many apps as they like.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import compression from 'compression';
import { capsOf, loadConfig, repoRoot, type Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { authenticate } from '../auth/middleware.ts';
import { authRoutes } from '../auth/routes.ts';
import { featureRoutes } from '../features/routes.ts';
import { extraPaths } from './openapi-paths.ts';
import { tileRoutes } from '../tiles/routes.ts';
import { ogcTileRoutes } from '../tiles/ogc-routes.ts';
import { TileService } from '../tiles/tile-service.ts';
import { MemoryTileSource, tileBackend } from '../tiles/memory-source.ts';
import { LayerIndexes } from '../tiles/layer-indexes.ts';
import { FeatureRepository } from '../layers/repository.ts';
import { LayerChanges } from '../layers/changes.ts';
import { errorMiddleware, notFound } from '../http/errors.ts';
import { healthRoutes } from './health.ts';
import { gradingRoutes } from '../grading/routes.ts';
import { analysisRoutes, indicatorRoutes } from '../analysis-api/routes.ts';
import { AnalysisRunner } from '../analysis-api/analysis-runner.ts';
import type { OperationPlan } from '../analysis-api/analysis-tasks.ts';
import type { SafeShelterAnswer } from '../analysis/nearest-safe-shelter.ts';
import { catchUp, startChangeFeed } from '../layers/change-feed.ts';
import { createPools, type Pools } from '../workers/pools.ts';
import { LiveHub } from '../live/live-hub.ts';
import { AfterCommitNotices } from '../live/after-commit-notices.ts';
import { warningRoutes } from '../warnings/routes.ts';
import { watchWarningExpiry } from '../warnings/expiry-watch.ts';
import { operationRoutes, type PlanEvacuation } from '../operations/routes.ts';
import { specialNeedsRoutes } from '../operations/special-needs-routes.ts';
import { loadTriggerRules } from '../operations/trigger-rules.ts';
import { LayerSnapshots } from '../layers/layer-snapshots.ts';
import { historyRoutes } from '../history/routes.ts';
import { importRoutes } from '../import/routes.ts';
import { importLimits } from '../import/limits.ts';
import { exportRoutes } from '../export/routes.ts';
import { securityHeaders, trustProxySetting } from '../http/security-headers.ts';
import { corsAllowList, parseOrigins } from '../http/cors.ts';
import { anonymousRateLimit } from '../http/read-rate-limit.ts';
import { SharedRateStore } from '../http/shared-rate-store.ts';
import { loadGradingRules } from '../analysis/grading-rules.ts';
import { loadStandards } from '../analysis/standards.ts';
import { layerRoutes } from '../layers/routes.ts';
import { searchRoutes } from '../search/routes.ts';
import { cardRoutes } from '../cards/routes.ts';
import { loadWarningSignals } from '../cards/warning-signals.ts';
import { staticRoutes } from '../static/routes.ts';

export interface AppDeps {
  db: Database;
  /** Settings; what is left out takes its default (tests pass only what they change). */
  config: Partial<Config>;
  changes?: LayerChanges;
  log?: (msg: string) => void;
}

export interface OneMapApp {
  app: Express;
  repo: FeatureRepository;
  changes: LayerChanges;
  /** Vector tiles; `tiles.warmUp()` builds every layer's index ahead of the first request. */
  tiles: TileService;
  /** The analyses; `analyses.warmUp()` reads their layers ahead of the first analysis. */
  analyses: AnalysisRunner;
  pools: Pools;
  /** Resolves once this instance hears the database's change notices. */
  feedReady: Promise<void>;
  /** Stops the change feed and the worker threads (the database is the caller's to close). */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): OneMapApp {
  const { knex } = deps.db;
  const config: Config = { ...loadConfig({}), ...deps.config };
  const repo = new FeatureRepository(knex);
  const changes = deps.changes ?? new LayerChanges();
  const log = deps.log ?? ((m: string) => console.error(m));
  const pools = createPools(config);
  const caps = capsOf(config);
  // Every committed change of a layer, whoever made it, reaches this instance's caches.
  const feed = startChangeFeed(deps.db, changes, log);
  feed.catch((e: unknown) => log(`change feed: could not listen: ${e instanceof Error ? e.message : String(e)}`));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.set('query parser', 'simple');

  // JSON and GeoJSON shrink five- to tenfold; a phone on a slow link feels it most. Event streams
  // are sent as they come, never held back by the compressor.
  app.use(compression({ filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res) }));
  app.use(securityHeaders(config.PUBLIC_URL));
  app.use(corsAllowList(parseOrigins(config.CORS_ORIGINS)));
  app.use('/api', healthRoutes(deps.db));
  app.use(authenticate(knex, { publicUrl: config.PUBLIC_URL }));
  const rateStore = deps.db.kind === 'postgis' ? new SharedRateStore(knex, 1000, log) : undefined;
  app.use(anonymousRateLimit(config.READ_RATE_LIMIT_PER_MIN, rateStore));
  app.use('/api', authRoutes(knex, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    loginLimits: { perAccount: config.LOGIN_LIMIT_ACCOUNT, perAddress: config.LOGIN_LIMIT_ADDRESS, perAccountTotal: config.LOGIN_LIMIT_ACCOUNT_TOTAL },
    publicUrl: config.PUBLIC_URL,
  }));
  app.use('/api', historyRoutes({ knex, repo, changes }));
  app.use('/api', importRoutes({ knex, repo, changes, limits: importLimits(config), pool: pools.imports }));
  app.use('/api', exportRoutes({ bodyLimit: config.BODY_LIMIT, caps, pool: pools.bulk }));
  // Tile indexes follow LayerChanges, so a write's response is never followed by a stale tile.
  const tiles = new TileService(new MemoryTileSource(new LayerIndexes(tileBackend(knex, pools.tiles), changes), pools.tiles), config.TILE_CACHE_MB * 2 ** 20);
  const tileDeps = { tiles, publicUrl: config.PUBLIC_URL, catchUp: () => catchUp(deps.db, changes) };
  app.use('/tiles', tileRoutes(tileDeps));
  app.use('/ogc', ogcTileRoutes(tileDeps));
  app.use('/ogc', featureRoutes({ knex, repo, changes, publicUrl: config.PUBLIC_URL, bodyLimit: config.BODY_LIMIT, caps, pool: pools.bulk, servicePaths: extraPaths }));
  const runner = new AnalysisRunner({
    pool: pools.bulk,
    quickPool: pools.quick,
    snapshots: new LayerSnapshots(knex, changes),
    standards: loadStandards(config.SHELTER_STANDARDS_FILE),
    cacheBytes: config.ANALYSIS_CACHE_MB * 2 ** 20,
    caps,
  });
  const analysisDeps = { runner, pool: pools.bulk, bodyLimit: config.BODY_LIMIT, publicUrl: config.PUBLIC_URL, caps };
  app.use('/api/analysis', analysisRoutes(analysisDeps));
  app.use('/api', indicatorRoutes(analysisDeps));
  app.use('/api', gradingRoutes({ knex, rules: loadGradingRules(config.GRADING_RULES_FILE), changes }));

  app.use('/api', layerRoutes({ url: config.BASEMAP_URL, labelsUrl: config.BASEMAP_LABELS_URL, attribution: config.BASEMAP_ATTRIBUTION }));
  app.use('/api', searchRoutes(knex));
  const live = new LiveHub(deps.db, changes, log);
  const notices = new AfterCommitNotices(deps.db, log);
  const liveReady = live.listen();
  liveReady.catch((e: unknown) => log(`live streams: could not listen: ${e instanceof Error ? e.message : String(e)}`));
  const stopExpiryWatch = watchWarningExpiry(knex, changes, 5000, log);
  // The evacuation analysis' assignment, computed for the operation alone (no lines, no answer text).
  const plan: PlanEvacuation = async (area, minGrade) => {
    const body = Buffer.from(JSON.stringify({ warning_area: area, min_grade: minGrade }));
    const p = await runner.once<OperationPlan, 'sites' | 'shelters' | 'depots' | 'zones' | 'towns' | 'roads'>('runOperationPlan', ['sites', 'shelters', 'depots', 'zones', 'towns', 'roads'], { query: {} }, new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    return { assignment: { siteIds: p.siteIds, shelterIds: p.shelterIds, minutes: p.minutes }, summary: p.summary as unknown as Record<string, unknown>, mode: String(p.summary.mode ?? 'straight') };
  };
  app.use('/api', warningRoutes({ knex, repo, changes }));
  app.use('/api', operationRoutes({ knex, rules: loadTriggerRules(config.TRIGGER_RULES_FILE), plan, changes, live, notices, pool: pools.bulk }));
  app.use('/api', specialNeedsRoutes(knex));
  // The card gives the way the public map gives: on foot along the roads.
  const nearestShelter = (lon: number, lat: number) => runner.quick<SafeShelterAnswer | null, 'shelters' | 'zones' | 'roads'>('runNearestShelter', ['shelters', 'zones', 'roads'], { lon, lat, mode: 'walk' });
  app.use('/api', cardRoutes({ knex, repo, nearestShelter, signals: loadWarningSignals(config.WARNING_SIGNALS_FILE) }));
  app.use(staticRoutes({ distDir: path.join(repoRoot, 'web/dist') }));

  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(log));
  const feedReady = Promise.all([feed, liveReady]).then(() => undefined, () => undefined);
  const close = async () => {
    rateStore?.shutdown();
    stopExpiryWatch();
    await notices.flush();
    await live.close();
    await feed.then((stop) => stop(), () => {});
    await pools.close();
  };
  return { app, repo, changes, tiles, analyses: runner, pools, feedReady, close };
}
