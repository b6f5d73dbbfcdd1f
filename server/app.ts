import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { NotFoundError } from '../pipeline/errors.ts';
import { audit } from './middleware/audit/index.ts';
import { problemDetails } from './middleware/problem-details/index.ts';
import type { ObservatoryState } from './observatory-state.ts';
import { geographyRoutes } from './routes/geographies.ts';
import { healthRoutes } from './routes/health.ts';
import { areaRoutes } from './routes/areas.ts';
import { extractRoutes } from './routes/extracts.ts';
import { indicatorLineageRoutes } from './routes/indicator-lineage.ts';
import { indicatorSeriesRoutes } from './routes/indicator-series.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { multiAgencyRoutes } from './routes/multi-agency.ts';
import { interventionRoutes } from './routes/interventions.ts';
import { priorityRoutes } from './routes/priorities.ts';
import { riskRoutes } from './routes/risks.ts';

/** Builds the Hono app: the API under /api, the built web app everywhere else. */
export function createApp(state: ObservatoryState) {
  const api = new Hono()
    .use('*', audit({ db: state.db }))
    .route('/health', healthRoutes(state))
    .route('/indicators', indicatorRoutes(state))
    .route('/indicators', indicatorSeriesRoutes(state))
    .route('/indicators', indicatorLineageRoutes(state))
    .route('/areas', areaRoutes(state))
    .route('/multi-agency', multiAgencyRoutes(state))
    .route('/extracts', extractRoutes(state))
    .route('/geographies', geographyRoutes(state))
    .route('/priorities', priorityRoutes(state))
    .route('/risks', riskRoutes(state))
    .route('/interventions', interventionRoutes(state));

  const app = new Hono().route('/api', api);
  app.all('/api/*', () => {
    throw new NotFoundError('no such API endpoint');
  });
  if (state.webDir && existsSync(join(state.webDir, 'index.html'))) {
    const root = relative(process.cwd(), state.webDir) || '.';
    app.use('/*', serveStatic({ root }));
    const index = readFileSync(join(state.webDir, 'index.html'), 'utf8');
    app.get('*', (c) => c.html(index, 200));
  }
  app.onError(problemDetails);
  app.notFound((c) => problemDetails(new NotFoundError(`nothing at ${c.req.path}`), c));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
