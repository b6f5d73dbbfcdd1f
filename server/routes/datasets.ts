import { createRoute } from '@hono/zod-openapi';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import { DATASETS, datasetById } from '../../pipeline/datasets/registry.ts';
import type { DatasetModule } from '../../pipeline/datasets/dataset-module.ts';
import { ForbiddenError, NotFoundError } from '../../pipeline/errors.ts';
import { datasetQuality } from '../../pipeline/quality/dataset-quality.ts';
import { governingAgreement } from '../access/data-access.ts';
import { DatasetList, DatasetParams, DatasetQuality, type DatasetLayout } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listDatasets',
  tags: ['Extracts'],
  summary: 'The partner datasets: their columns as partners write them, date formats, and what the agreement in force keeps, pseudonymises and drops',
  description: 'The upload page matches a file’s header against these layouts with the pipeline’s own rules (pipeline/datasets/header-matching.ts). A partner sees its own datasets.',
  responses: { 200: jsonResponse(DatasetList, 'The datasets.'), ...problemResponses(401, 403) },
});

const qualityRoute = createRoute({
  method: 'get',
  path: '/{id}/quality',
  operationId: 'getDatasetQuality',
  tags: ['Extracts'],
  summary: 'A dataset’s data quality over time: freshness, rows per month against the usual, quarantine by reason per extract, code disagreements',
  request: { params: DatasetParams },
  responses: { 200: jsonResponse(DatasetQuality, 'The quality report.'), ...problemResponses(400, 401, 403, 404) },
});

/** A dataset's layout with what the agreement governing it today does with each column. */
function layoutOf(state: ObservatoryState, module: DatasetModule): DatasetLayout {
  const agreement = governingAgreement(state, module.id);
  const kept = new Set(agreement?.fields.kept.map((f) => f.name) ?? []);
  const pseudonymised = new Set(agreement?.fields.pseudonymised.map((f) => f.name) ?? []);
  const today = state.today();
  return {
    id: module.id,
    partner: module.partner,
    partnerName: agreement?.partnerName ?? null,
    title: module.title,
    fields: module.fields.map((field) => ({
      name: field.name,
      header: field.header,
      required: field.required,
      dateFormat: field.dateFormat ?? null,
      // As the ingest decides (fieldPolicy): kept or pseudonymised by the agreement; a required field with no storage only dates or places the row.
      handling: kept.has(field.name) ? 'kept' : pseudonymised.has(field.name) ? 'pseudonymised' : field.storage === undefined && field.required ? 'used' : 'dropped',
      personal: field.storage === undefined && !field.required,
    })),
    agreement: agreement
      ? { id: agreement.id, version: agreement.version, validFrom: agreement.validFrom, validTo: agreement.validTo, inForce: agreement.validFrom <= today && today <= agreement.validTo }
      : null,
  };
}

/** GET /api/datasets and GET /api/datasets/{id}/quality. */
export function datasetRoutes(state: ObservatoryState) {
  return apiRouter()
    .openapi(listRoute, async (c) => {
      const principal = c.get('principal');
      const partner = principal ? partnerOfRole(principal.role) : null;
      const datasets = DATASETS.filter((m) => partner === null || m.partner === partner).map((m) => layoutOf(state, m));
      return c.json({ datasets }, 200);
    })
    .openapi(qualityRoute, async (c) => {
      const { id } = c.req.valid('param');
      const module = datasetById(id);
      if (!module) throw new NotFoundError(`no dataset "${id}"; known: ${DATASETS.map((d) => d.id).join(', ')}`, { field: 'id' });
      const principal = c.get('principal');
      const partner = principal ? partnerOfRole(principal.role) : null;
      if (partner !== null && module.partner !== partner) throw new ForbiddenError(`${principal?.role ?? 'this role'} may see the quality of its own datasets only`);
      c.set('auditDatasets', [module.id]);
      return c.json(await datasetQuality(state.db, module, state.today()), 200);
    });
}
