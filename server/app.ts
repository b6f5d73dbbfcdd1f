import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { NotFoundError } from '../pipeline/errors.ts';
import { apiDocs } from './http/api-docs.ts';
import { apiRouter } from './http/api-router.ts';
import { BuildCache } from './http/build-cache.ts';
import { oneBuild } from './http/one-build.ts';
import { appSecurityHeaders } from './http/security-headers.ts';
import { notFoundPage, SIGN_IN_PAGE, WEB_PAGES } from './http/web-pages.ts';
import { ACCESS_TABLE } from './access/access-table.ts';
import { audit } from './middleware/audit/index.ts';
import { authentication } from './middleware/authentication/index.ts';
import { authorization, markAccessRule } from './middleware/authorization/index.ts';
import { crossSiteProtection } from './middleware/cross-site/index.ts';
import { databaseRecovery } from './middleware/database-recovery/index.ts';
import { hostCheck } from './middleware/host-check/index.ts';
import { problemDetails } from './middleware/problem-details/index.ts';
import type { ObservatoryState } from './observatory-state.ts';
import { agreementRoutes } from './routes/agreements.ts';
import { areaRoutes } from './routes/areas.ts';
import { auditRoutes } from './routes/audit.ts';
import { sessionRoutes } from './routes/session.ts';
import { datasetRoutes } from './routes/datasets.ts';
import { extractRoutes } from './routes/extracts.ts';
import { geographyRoutes } from './routes/geographies.ts';
import { healthRoutes } from './routes/health.ts';
import { indicatorLineageRoutes } from './routes/indicator-lineage.ts';
import { indicatorSeriesRoutes } from './routes/indicator-series.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { multiAgencyRoutes } from './routes/multi-agency.ts';
import { seriousViolenceRoutes } from './routes/serious-violence.ts';
import { interventionRoutes } from './routes/interventions.ts';
import { priorityRoutes } from './routes/priorities.ts';
import { partnerRoutes } from './routes/partners.ts';
import { riskRoutes } from './routes/risks.ts';
import { userRoutes } from './routes/users.ts';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/** The API's description in the OpenAPI document. */
const API_INFO = {
  title: 'Neighbourhood Observatory API',
  version: '1.0.0',
  description:
    'Published figures of a local partnership’s observatory (after disclosure control), their lineage, the multi-agency view and the boundaries they map onto. Errors are application/problem+json (RFC 9457) with the request id.',
  license: { name: 'MIT', identifier: 'MIT' },
};

/** Middleware that runs only outside a path prefix. */
function except(prefix: string, middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => (c.req.path === prefix || c.req.path.startsWith(`${prefix}/`) ? next() : middleware(c, next));
}

/** Builds the Hono app: the API under /api (declared for OpenAPI), the built web app's pages and files, 404s for the rest. */
export function createApp(state: ObservatoryState) {
  const figuresCache = new BuildCache(state.db, state.today);
  // Figures and boundaries change only with a build: clients revalidate with the ETag.
  // Answers list only what the caller's role may see, so the role is part of the key; the datasets the audit records are replayed on a hit.
  const cached = figuresCache.middleware({ cacheControl: 'private, no-cache', varyBy: (c) => c.get('principal')?.role ?? 'none', replayVars: ['auditDatasets'] });

  const app = apiRouter();
  app.use('*', hostCheck(state.access.allowedHosts));
  app.use('*', requestId());
  app.use('*', except(DOCS_PATH, appSecurityHeaders(state.partnership.basemapStyleUrl ?? null)));
  app.use('*', compress());
  // A write the disk refused invalidates DuckDB's instance: open it again at the last commit once there is room.
  app.use('/api/*', databaseRecovery(state.db));
  // People and access: each /api request is matched to its row of the access table, audited, authenticated,
  // checked against cross-site requests and authorized (a path the table lacks is a 404), before any cache.
  for (const rule of ACCESS_TABLE) app.on(rule.method, rule.path, markAccessRule(rule));
  app.use('/api/*', audit(state.auditBuffer), authentication(state), crossSiteProtection(), authorization(state));
  const figures = oneBuild(state.db);
  for (const path of ['/api/indicators', '/api/indicators/:id/values', '/api/indicators/:id/series', '/api/indicators/:id/lineage', '/api/areas/*', '/api/multi-agency', '/api/serious-violence']) app.use(path, figures);
  for (const path of ['/api/indicators', '/api/indicators/:id/values', '/api/indicators/:id/series', '/api/areas/*', '/api/multi-agency', '/api/serious-violence', '/api/geographies/*']) app.use(path, cached);

  const api = app
    .route('/api/session', sessionRoutes(state))
    .route('/api/audit', auditRoutes(state))
    .route('/api/health', healthRoutes(state))
    .route('/api/indicators', indicatorRoutes(state))
    .route('/api/indicators', indicatorSeriesRoutes(state))
    .route('/api/indicators', indicatorLineageRoutes(state))
    .route('/api/areas', areaRoutes(state))
    .route('/api/multi-agency', multiAgencyRoutes(state))
    .route('/api/serious-violence', seriousViolenceRoutes(state))
    .route('/api/extracts', extractRoutes(state))
    .route('/api/datasets', datasetRoutes(state))
    .route('/api/geographies', geographyRoutes(state))
    .route('/api/priorities', priorityRoutes(state))
    .route('/api/risks', riskRoutes(state))
    .route('/api/interventions', interventionRoutes(state))
    .route('/api/agreements', agreementRoutes(state))
    .route('/api/partners', partnerRoutes(state))
    .route('/api/users', userRoutes(state));

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `observatory token create NAME` (scripts and the CLI).',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'observatory_session',
    description: 'The session the web app gets at sign-in.',
  });
  api.doc31(OPENAPI_PATH, { openapi: '3.1.0', info: API_INFO, servers: [{ url: '/', description: 'This observatory' }], security: [{ bearerToken: [] }, { sessionCookie: [] }], tags: [
    { name: 'Indicators', description: 'The catalogue and published figures.' },
    { name: 'Areas', description: 'Area profiles.' },
    { name: 'Multi-agency view', description: 'Where several partners see high demand.' },
    { name: 'Serious violence', description: 'Police violence beside A&E assault attendances (a Violence Reduction Unit’s view).' },
    { name: 'Geographies', description: 'Boundaries.' },
    { name: 'Interventions', description: 'Evidence of success: interventions over wards, LSOAs or localities, evaluated by difference in differences.' },
    { name: 'Health', description: 'Liveness.' },
    { name: 'Agreements', description: 'Data-sharing agreements, their deadlines and their text in plain English.' },
    { name: 'Partners', description: 'A partner’s window and who used its data.' },
    { name: 'Users', description: 'Users, roles and tokens (admins).' },
    { name: 'Extracts', description: 'Partner datasets, uploads, the extract log, quarantine and data quality.' },
  ] });
  api.route(DOCS_PATH, apiDocs(OPENAPI_PATH, `${DOCS_PATH}/scalar.js`));
  api.all('/api/*', (c) => {
    throw new NotFoundError(`no such API endpoint: ${c.req.method} ${c.req.path}; ${DOCS_PATH} lists them`);
  });

  if (state.webDir && existsSync(join(state.webDir, 'index.html'))) {
    const root = relative(process.cwd(), state.webDir) || '.';
    const index = readFileSync(join(state.webDir, 'index.html'), 'utf8');
    const signInFile = join(state.webDir, 'sign-in.html');
    if (existsSync(signInFile)) {
      const signInPage = readFileSync(signInFile, 'utf8');
      api.get(SIGN_IN_PAGE, (c) => c.html(signInPage, 200));
      // The form posts here only when its script has not loaded; the body is not read, and the browser is sent back to sign in with it.
      api.post(SIGN_IN_PAGE, (c) => c.redirect(SIGN_IN_PAGE, 303));
    }
    for (const page of WEB_PAGES) api.get(page, (c) => c.html(index, 200));
    api.use('/*', serveStatic({ root }));
  }
  api.onError(problemDetails);
  api.notFound((c) => (c.req.path.startsWith('/api/') ? problemDetails(new NotFoundError(`nothing at ${c.req.path}`), c) : c.html(notFoundPage(c.req.path), 404)));
  return api;
}

export type AppType = ReturnType<typeof createApp>;
