import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { NotFoundError } from '../pipeline/errors.ts';
import { ACCESS_TABLE } from './access/access-table.ts';
import { audit } from './middleware/audit/index.ts';
import { authentication } from './middleware/authentication/index.ts';
import { authorization, markAccessRule } from './middleware/authorization/index.ts';
import { crossSiteProtection } from './middleware/cross-site/index.ts';
import { hostCheck } from './middleware/host-check/index.ts';
import { problemDetails } from './middleware/problem-details/index.ts';
import type { ObservatoryState } from './observatory-state.ts';
import { geographyRoutes } from './routes/geographies.ts';
import { healthRoutes } from './routes/health.ts';
import { areaRoutes } from './routes/areas.ts';
import { auditRoutes } from './routes/audit.ts';
import { sessionRoutes } from './routes/session.ts';
import { extractRoutes } from './routes/extracts.ts';
import { indicatorLineageRoutes } from './routes/indicator-lineage.ts';
import { indicatorSeriesRoutes } from './routes/indicator-series.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { multiAgencyRoutes } from './routes/multi-agency.ts';

/**
 * Builds the Hono app: the API under /api, the built web app everywhere else.
 * Every request is checked against the configured host names; API requests then
 * get a request id, are audited, authenticated, matched to their row of the
 * access table, checked against cross-site requests and authorized, in that order.
 */
export function createApp(state: ObservatoryState) {
  const api = new Hono()
    .route('/session', sessionRoutes(state))
    .route('/audit', auditRoutes(state))
    .route('/health', healthRoutes(state))
    .route('/indicators', indicatorRoutes(state))
    .route('/indicators', indicatorSeriesRoutes(state))
    .route('/indicators', indicatorLineageRoutes(state))
    .route('/areas', areaRoutes(state))
    .route('/multi-agency', multiAgencyRoutes(state))
    .route('/extracts', extractRoutes(state))
    .route('/geographies', geographyRoutes(state));

  const app = new Hono();
  app.use('*', hostCheck(state.access.allowedHosts));
  app.use('/api/*', requestId());
  for (const rule of ACCESS_TABLE) app.on(rule.method, rule.path, markAccessRule(rule));
  app.use('/api/*', audit(state.auditBuffer), authentication(state), crossSiteProtection(), authorization(state));
  app.route('/api', api);
  app.all('/api/*', () => {
    throw new NotFoundError('no such API endpoint');
  });
  if (state.webDir && existsSync(join(state.webDir, 'index.html'))) {
    const root = relative(process.cwd(), state.webDir) || '.';
    app.use('/*', serveStatic({ root }));
    const index = readFileSync(join(state.webDir, 'index.html'), 'utf8');
    const signInFile = join(state.webDir, 'sign-in.html');
    if (existsSync(signInFile)) {
      const signInPage = readFileSync(signInFile, 'utf8');
      app.get('/sign-in', (c) => c.html(signInPage, 200));
    }
    app.get('*', (c) => c.html(index, 200));
  }
  app.onError(problemDetails);
  app.notFound((c) => problemDetails(new NotFoundError(`nothing at ${c.req.path}`), c));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
