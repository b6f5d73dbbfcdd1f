/**
 * GET /api/partners/{id}: a partner's window (its agreements, extract history,
 * the indicators its data feeds). GET /api/partners/{id}/usage: who used figures
 * built on its data, by ISO week, from the audit (JSON or ?format=csv). A
 * partner may open only its own (the access table's own-partner rule).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { partnerUsageByWeek } from '../../pipeline/access/partner-usage.ts';
import { NotFoundError } from '../../pipeline/errors.ts';
import { listExtracts } from '../../pipeline/ingest/extract-log.ts';
import { agreementSummary, indicatorsOnDataset, latestVersions } from '../agreement-views.ts';
import { PartnerExtract, PartnerUsage, PartnerUsageQuery, PartnerWindow } from '../contract/index.ts';
import { csvLine } from '../formats/csv-cells.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const PartnerId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'is not a partner id').meta({ param: { name: 'id', in: 'path' }, example: 'police' });

/** The most extracts the window lists; the extract log (/extracts) has them all. */
const EXTRACTS_SHOWN = 200;

const windowRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getPartner',
  tags: ['Partners'],
  summary: 'A partner’s window: its agreements, extract history and the indicators its data feeds',
  request: { params: z.object({ id: PartnerId }) },
  responses: { 200: jsonResponse(PartnerWindow, 'The partner.'), ...problemResponses(400, 401, 403, 404) },
});

const usageRoute = createRoute({
  method: 'get',
  path: '/{id}/usage',
  operationId: 'getPartnerUsage',
  tags: ['Partners'],
  summary: 'Who used figures built on a partner’s data, by ISO week (role, action, indicator), from the audit',
  description: 'Successful reads only; people are counted, not named. `format=csv` downloads the same rows.',
  request: { params: z.object({ id: PartnerId }), query: PartnerUsageQuery },
  responses: {
    200: { description: 'The usage, newest week first.', content: { 'application/json': { schema: PartnerUsage }, 'text/csv': { schema: z.string() } } },
    ...problemResponses(400, 401, 403, 404),
  },
});

const USAGE_COLUMNS = ['week', 'week_start', 'role', 'action', 'indicator', 'requests', 'users'] as const;

/** The partner routes. */
export function partnerRoutes(state: ObservatoryState) {
  const known = (id: string) => {
    const agreements = latestVersions(state.agreements).filter((a) => a.partner === id);
    if (agreements.length === 0) throw new NotFoundError(`no partner "${id}"; the partners are ${[...new Set(state.agreements.map((a) => a.partner))].sort().join(', ')}`, { field: 'id' });
    return agreements;
  };
  return apiRouter()
    .openapi(windowRoute, async (c) => {
      const id = c.req.valid('param').id;
      const agreements = known(id);
      const datasets = [...new Set(agreements.map((a) => a.dataset))].sort();
      c.set('auditDatasets', datasets);
      const extracts = (await listExtracts(state.db, id)).map((row) => PartnerExtract.parse(row));
      const byStatus: Record<string, number> = {};
      for (const e of extracts) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
      const loaded = extracts.filter((e) => e.status === 'loaded');
      const indicators = new Map<string, { id: string; title: string; datasets: string[] }>();
      for (const dataset of datasets) {
        for (const indicator of indicatorsOnDataset(state, dataset)) {
          const entry = indicators.get(indicator.id) ?? { ...indicator, datasets: [] };
          entry.datasets.push(dataset);
          indicators.set(indicator.id, entry);
        }
      }
      return c.json(
        {
          id,
          name: agreements[0]?.partnerName ?? id,
          datasets,
          agreements: agreements.map((a) => agreementSummary(state, a)),
          extractSummary: {
            extracts: extracts.length,
            byStatus,
            rowsLoaded: loaded.reduce((sum, e) => sum + e.rowsLoaded, 0),
            rowsQuarantined: loaded.reduce((sum, e) => sum + e.rowsQuarantined, 0),
            latestPeriod: loaded.map((e) => e.periodEnd).filter((p): p is string => p !== null).sort().at(-1) ?? null,
            lastLoadedAt: extracts.map((e) => e.loadedAt).sort().at(-1) ?? null,
          },
          extracts: extracts.slice(0, EXTRACTS_SHOWN),
          indicators: [...indicators.values()].sort((a, b) => a.title.localeCompare(b.title)),
        },
        200,
      );
    })
    .openapi(usageRoute, async (c) => {
      const id = c.req.valid('param').id;
      known(id);
      const query = c.req.valid('query');
      await state.auditBuffer.settleForReader();
      const rows = await partnerUsageByWeek(state.db, id, { from: query.from, to: query.to });
      if (query.format === 'csv') {
        const lines = [csvLine(USAGE_COLUMNS), ...rows.map((r) => csvLine([r.week, r.weekStart, r.role, r.action, r.indicator, r.requests, r.users]))];
        return c.body(`${lines.join('\n')}\n`, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="usage-${id}${query.from ? `-from-${query.from}` : ''}${query.to ? `-to-${query.to}` : ''}.csv"`,
        });
      }
      return c.json({ partner: id, from: query.from ?? null, to: query.to ?? null, rows, pending: state.auditBuffer.size }, 200);
    });
}
