/**
 * The express application, built from its dependencies: nothing here listens or reads
 * the environment, so tests build as many apps as they like.
 */
import express, { type Express } from 'express';
import { loadConfig, type Config } from '../config.ts';
import type { Database } from '../db/connect.ts';
import { authenticate } from '../auth/middleware.ts';
import { authRoutes } from '../auth/routes.ts';
import { featureRoutes } from '../features/routes.ts';
import { FeatureRepository } from '../features/repository.ts';
import { LayerChanges } from '../layers/changes.ts';
import { errorMiddleware, notFound } from './errors.ts';
import { healthRoutes } from './health.ts';
import { gradingRoutes } from '../grading/routes.ts';
import { loadGradingRules } from '../analysis/grading-rules.ts';

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
}

export function createApp(deps: AppDeps): OneMapApp {
  const { knex } = deps.db;
  const config: Config = { ...loadConfig({}), ...deps.config };
  const repo = new FeatureRepository(knex);
  const changes = deps.changes ?? new LayerChanges();
  const log = deps.log ?? ((m: string) => console.error(m));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  app.use('/api', healthRoutes(deps.db));
  app.use(authenticate(knex));
  app.use('/api', authRoutes(knex));
  app.use('/ogc', featureRoutes({ knex, repo, changes, publicUrl: config.PUBLIC_URL, bodyLimit: config.BODY_LIMIT }));
  app.use('/api', gradingRoutes({ knex, rules: loadGradingRules(config.GRADING_RULES_FILE), changes }));

  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(log));
  return { app, repo, changes };
}
