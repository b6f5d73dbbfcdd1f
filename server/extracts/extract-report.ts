import type { Role } from '../../pipeline/access/role.ts';
import { datasetById } from '../../pipeline/datasets/registry.ts';
import { NotFoundError } from '../../pipeline/errors.ts';
import { sourceDatasets } from '../../pipeline/indicators/indicator-definition.ts';
import { periodsContaining } from '../../pipeline/indicators/periods.ts';
import { extractById, extractsReplacedBy } from '../../pipeline/ingest/extract-log.ts';
import { agreementOfExtract, rawRowsRefusal, visibleIndicators } from '../access/data-access.ts';
import { ExtractSummary, type ChangedIndicator, type ExtractReport } from '../contract/extracts.ts';
import type { ObservatoryState } from '../observatory-state.ts';

/** A stored JSON text column parsed (the extract log keeps reasons, fields and quality as JSON text). */
function parsedJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** An extract log row (from listExtracts or extractById) as the contract's ExtractSummary, checked. */
export function extractSummaryOf(row: Record<string, unknown>): ExtractSummary {
  return ExtractSummary.parse({
    ...row,
    fieldsDropped: parsedJson(row.fieldsDropped),
    quarantineReasons: parsedJson(row.quarantineReasons),
    outsideAreaByDistrict: parsedJson(row.outsideAreaByDistrict),
    quality: parsedJson(row.quality),
  });
}

/** The months from first to last (YYYY-MM), inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let i = Number(first.slice(0, 4)) * 12 + Number(first.slice(5, 7)) - 1; i <= Number(last.slice(0, 4)) * 12 + Number(last.slice(5, 7)) - 1; i++) {
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** The indicators the role may read that are built on a dataset, with the periods an extract's months fall in. */
function changedIndicators(state: ObservatoryState, role: Role, summary: ExtractSummary): ChangedIndicator[] {
  if (summary.status !== 'loaded' || !summary.dataset || !summary.periodStart || !summary.periodEnd) return [];
  const months = monthsBetween(summary.periodStart, summary.periodEnd);
  const dataset = summary.dataset;
  return visibleIndicators(state, role).flatMap((definition) => {
    if (definition.kind !== 'counted' || !sourceDatasets(definition, state.definitions).includes(dataset)) return [];
    const periods = [...new Set(months.flatMap((month) => periodsContaining(definition.grain, month).map((p) => p.id)))];
    return [{ id: definition.id, title: definition.title, grain: definition.grain, periods }];
  });
}

/** An extract's report for a role: what it loaded, quarantined and dropped, under which agreement, what it replaced and what it changed. */
export async function extractReport(state: ObservatoryState, extractId: string, role: Role): Promise<ExtractReport> {
  const row = await extractById(state.db, extractId);
  if (!row) throw new NotFoundError(`no extract "${extractId}"`, { field: 'id' });
  const summary = extractSummaryOf(row);
  const agreement = agreementOfExtract(state, summary);
  const module = summary.dataset ? datasetById(summary.dataset) : undefined;
  return {
    ...summary,
    datasetTitle: module?.title ?? null,
    partnerName: agreement?.partnerName ?? null,
    agreement: agreement ? { id: agreement.id, version: agreement.version, validFrom: agreement.validFrom, validTo: agreement.validTo } : null,
    fields: {
      kept: agreement?.fields.kept.map((f) => f.name) ?? [],
      pseudonymised: agreement?.fields.pseudonymised.map((f) => f.name) ?? [],
      dropped: summary.fieldsDropped,
    },
    replaced: await extractsReplacedBy(state.db, extractId),
    rawValuesVisible: rawRowsRefusal(state, role, summary) === null,
    indicators: changedIndicators(state, role, summary),
  };
}
