/**
 * The express application, built from its dependencies: nothing here listens or reads
 * the environment, so tests build as many apps as they like.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import compression from 'compression';
import { loadConfig, repoRoot, type Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { authenticate } from '../auth/middleware.ts';
import { authRoutes } from '../auth/routes.ts';
import { featureRoutes } from '../features/routes.ts';
import { tileRoutes } from '../tiles/routes.ts';
import { ogcTileRoutes } from '../tiles/ogc-routes.ts';
import { TileService } from '../tiles/tile-service.ts';
import { LayerIndexes } from '../tiles/layer-indexes.ts';
import { tileReader } from '../tiles/tile-rows.ts';
import { FeatureRepository } from '../features/repository.ts';
import { LayerChanges } from '../layers/changes.ts';
import { errorMiddleware, notFound } from './errors.ts';
import { healthRoutes } from './health.ts';
import { gradingRoutes } from '../grading/routes.ts';
import { analysisRoutes, indicatorRoutes } from '../analysis-api/routes.ts';
import { LayerSnapshots } from '../layers/layer-snapshots.ts';
import { historyRoutes } from '../history/routes.ts';
import { importRoutes } from '../import/routes.ts';
import { importLimits } from '../import/limits.ts';
import { exportRoutes } from '../export/routes.ts';
import { securityHeaders, trustProxySetting } from './security-headers.ts';
import { corsAllowList, parseOrigins } from './cors.ts';
import { anonymousRateLimit } from './read-rate-limit.ts';
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
}

export function createApp(deps: AppDeps): OneMapApp {
  const { knex } = deps.db;
  const config: Config = { ...loadConfig({}), ...deps.config };
  const repo = new FeatureRepository(knex);
  const changes = deps.changes ?? new LayerChanges();
  const log = deps.log ?? ((m: string) => console.error(m));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.set('query parser', 'simple');

  // JSON and GeoJSON shrink five- to tenfold; a phone on a slow link feels it most.
  app.use(compression());
  app.use(securityHeaders(config.PUBLIC_URL));
  app.use(corsAllowList(parseOrigins(config.CORS_ORIGINS)));
  app.use('/api', healthRoutes(deps.db));
  app.use(authenticate(knex, { publicUrl: config.PUBLIC_URL }));
  app.use(anonymousRateLimit(config.READ_RATE_LIMIT_PER_MIN));
  app.use('/api', authRoutes(knex, {
    sessionTtlHours: config.SESSION_TTL_HOURS,
    loginLimits: { perAccount: config.LOGIN_LIMIT_ACCOUNT, perAddress: config.LOGIN_LIMIT_ADDRESS },
    publicUrl: config.PUBLIC_URL,
  }));
  app.use('/api', historyRoutes({ knex, repo, changes }));
  app.use('/api', importRoutes({ knex, repo, changes, limits: importLimits(config) }));
  app.use('/api', exportRoutes({ bodyLimit: config.BODY_LIMIT }));
  // Tile indexes follow LayerChanges, so a write's response is never followed by a stale tile.
  const tiles = new TileService(new LayerIndexes(tileReader(knex), changes), config.TILE_CACHE_MB * 2 ** 20);
  app.use('/tiles', tileRoutes({ tiles, publicUrl: config.PUBLIC_URL }));
  app.use('/ogc', ogcTileRoutes({ tiles, publicUrl: config.PUBLIC_URL }));
  app.use('/ogc', featureRoutes({ knex, repo, changes, publicUrl: config.PUBLIC_URL, bodyLimit: config.BODY_LIMIT }));
  const snapshots = new LayerSnapshots(repo, changes);
  const standards = loadStandards(config.SHELTER_STANDARDS_FILE);
  app.use('/api/analysis', analysisRoutes({ snapshots, standards, bodyLimit: config.BODY_LIMIT }));
  app.use('/api', indicatorRoutes({ snapshots, standards }));
  app.use('/api', gradingRoutes({ knex, rules: loadGradingRules(config.GRADING_RULES_FILE), changes }));

  app.use('/api', layerRoutes({ url: config.BASEMAP_URL, labelsUrl: config.BASEMAP_LABELS_URL, attribution: config.BASEMAP_ATTRIBUTION }));
  app.use('/api', searchRoutes(knex));
  app.use('/api', cardRoutes({ knex, repo, snapshots, standards, signals: loadWarningSignals(config.WARNING_SIGNALS_FILE) }));
  app.use(staticRoutes({ distDir: path.join(repoRoot, 'web/dist') }));

  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(log));
  return { app, repo, changes, tiles };
}
