/**
 * GET /api/agreements and /api/agreements/{id}: each data-sharing agreement with
 * its deadlines, retention schedule, the indicators built on it and its text in
 * plain English. A partner sees only its own (the access table's own-agreement
 * rule refuses another's with a 403 before this runs).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import { agreementDetail, agreementSummary, findAgreement, latestVersions } from '../agreement-views.ts';
import { AgreementDetail, AgreementList, AgreementListQuery, AgreementQuery } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const AgreementId = z.string().min(1).max(120).meta({ param: { name: 'id', in: 'path' }, example: 'DSA-CSR-POLICE-STREET-CRIME' });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listAgreements',
  tags: ['Agreements'],
  summary: 'The data-sharing agreements (a partner: its own), with end and review warnings',
  request: { query: AgreementListQuery },
  responses: { 200: jsonResponse(AgreementList, 'The latest version of each agreement, by partner.'), ...problemResponses(400, 401, 403) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getAgreement',
  tags: ['Agreements'],
  summary: 'One agreement in full and in plain English',
  description: 'The latest version, or `version`. Deadlines are judged on the observatory’s today: `within-90-days`, `within-30-days`, `passed`.',
  request: { params: z.object({ id: AgreementId }), query: AgreementQuery },
  responses: { 200: jsonResponse(AgreementDetail, 'The agreement.'), ...problemResponses(400, 401, 403, 404) },
});

/** The agreement routes. */
export function agreementRoutes(state: ObservatoryState) {
  return apiRouter()
    .openapi(listRoute, (c) => {
      const principal = c.get('principal');
      const own = principal ? partnerOfRole(principal.role) : null;
      const attention = c.req.valid('query').attention === 'true';
      const agreements = latestVersions(state.agreements)
        .filter((a) => own === null || a.partner === own)
        .map((a) => agreementSummary(state, a))
        .filter((a) => !attention || a.deadlines.level !== 'ok');
      return c.json({ today: state.today(), agreements }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const agreement = findAgreement(state, c.req.valid('param').id, c.req.valid('query').version);
      c.set('auditDatasets', [agreement.dataset]);
      return c.json(await agreementDetail(state, agreement), 200);
    });
}
