import { describe, expect, it } from 'vitest';
import type { ExtractSummary } from '../../../../server/contract/extracts.ts';
import { applyView, DEFAULT_VIEW, searchOfView, viewFromSearch } from './log-view.ts';

const extract = (id: string, overrides: Partial<ExtractSummary>): ExtractSummary => ({
  extractId: id, partner: 'fire', dataset: 'fire.incidents', agreementId: 'A', agreementVersion: '1', file: `${id}.csv`, sha256: 'x', generated: false,
  periodStart: '2018-01', periodEnd: '2018-03', rowsRead: 10, rowsLoaded: 9, rowsQuarantined: 1, rowsOutsideArea: 0, outsideAreaByDistrict: [],
  fieldsDropped: [], quarantineReasons: {}, quality: {}, loadedBy: 'demo-analyst', loadedAt: '2026-12-01T10:00:00Z', status: 'loaded',
  refusalReason: null, supersededBy: null, purgedAt: null, rowsPurged: null, ...overrides,
});

const log = [
  extract('EX-000001', { loadedAt: '2026-12-01T10:00:00Z', rowsQuarantined: 5 }),
  extract('EX-000002', { partner: 'police', dataset: 'police.street_crime', periodStart: '2019-01', periodEnd: '2019-01', loadedAt: '2026-12-02T10:00:00Z', supersededBy: 'EX-000003' }),
  extract('EX-000003', { partner: 'police', dataset: 'police.street_crime', periodStart: '2019-01', periodEnd: '2019-01', loadedAt: '2026-12-03T10:00:00Z', loadedBy: 'someone' }),
];

describe('the extract log view', () => {
  it('sorts newest first by default and by any column either way', () => {
    expect(applyView(log, DEFAULT_VIEW).map((e) => e.extractId)).toEqual(['EX-000003', 'EX-000002', 'EX-000001']);
    expect(applyView(log, { ...DEFAULT_VIEW, sort: 'rowsQuarantined', direction: 'desc' })[0]?.extractId).toBe('EX-000001');
  });

  it('filters by partner, status (replaced counts as its own), a month within the extract, and who', () => {
    expect(applyView(log, { ...DEFAULT_VIEW, partner: 'police' })).toHaveLength(2);
    expect(applyView(log, { ...DEFAULT_VIEW, status: 'replaced' }).map((e) => e.extractId)).toEqual(['EX-000002']);
    expect(applyView(log, { ...DEFAULT_VIEW, period: '2018-02' }).map((e) => e.extractId)).toEqual(['EX-000001']);
    expect(applyView(log, { ...DEFAULT_VIEW, who: 'SOME' }).map((e) => e.extractId)).toEqual(['EX-000003']);
  });

  it('round-trips through the URL, leaving defaults out', () => {
    const view = { ...DEFAULT_VIEW, partner: 'fire', sort: 'status' as const, direction: 'asc' as const };
    expect(viewFromSearch(searchOfView(view))).toEqual(view);
    expect(searchOfView(DEFAULT_VIEW)).toBe('');
    expect(viewFromSearch('?sort=evil&direction=sideways')).toEqual(DEFAULT_VIEW);
  });
});
