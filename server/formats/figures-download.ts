/**
 * Downloads of published figures: CSV, GeoJSON (joined to boundaries), Apache Arrow and Parquet, each
 * with the same columns (the figure, its comparison and trend) and metadata naming the sources, the
 * agreements in force and the disclosure control applied.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { IndicatorDefinition } from '../../pipeline/indicators/indicator-definition.ts';
import { areaGeometries } from '../../pipeline/reference/area-geometry.ts';
import type { AreaFigure, IndicatorValues } from '../contract/index.ts';
import { sourcesOf } from '../indicator-sources.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { csvLine } from './csv-cells.ts';
import { figuresToArrow } from './figures-arrow.ts';

export type DownloadFormat = 'csv' | 'geojson' | 'arrow' | 'parquet';
export type Download = { bytes: Uint8Array<ArrayBuffer>; contentType: string; fileName: string };

type Cell = string | number | boolean | null;
type Column = { name: string; kind: 'string' | 'number' | 'boolean'; nullable: boolean; of: (f: AreaFigure) => Cell };

/** The columns every format carries, in order. */
export const FIGURE_COLUMNS: readonly Column[] = [
  { name: 'area', kind: 'string', nullable: false, of: (f) => f.area },
  { name: 'name', kind: 'string', nullable: false, of: (f) => f.name },
  { name: 'value', kind: 'number', nullable: true, of: (f) => f.value },
  { name: 'numerator', kind: 'number', nullable: true, of: (f) => f.numerator },
  { name: 'denominator', kind: 'number', nullable: true, of: (f) => f.denominator },
  { name: 'lower', kind: 'number', nullable: true, of: (f) => f.lower },
  { name: 'upper', kind: 'number', nullable: true, of: (f) => f.upper },
  { name: 'suppressed', kind: 'boolean', nullable: false, of: (f) => f.suppressed },
  { name: 'suppression_reason', kind: 'string', nullable: true, of: (f) => f.suppressionReason },
  { name: 'comparison_benchmark', kind: 'string', nullable: true, of: (f) => f.comparison?.benchmark ?? null },
  { name: 'comparison_significance', kind: 'string', nullable: true, of: (f) => f.comparison?.significance ?? null },
  { name: 'comparison_judgement', kind: 'string', nullable: true, of: (f) => f.comparison?.judgement ?? null },
  { name: 'trend_direction', kind: 'string', nullable: true, of: (f) => f.trend?.direction ?? null },
  { name: 'trend_judgement', kind: 'string', nullable: true, of: (f) => f.trend?.judgement ?? null },
  { name: 'rag', kind: 'string', nullable: true, of: (f) => f.rag },
];

/** What a download says about itself: the indicator, level and period, sources, agreements and suppression. */
export function downloadMetadata(state: ObservatoryState, definition: IndicatorDefinition, body: IndicatorValues): Record<string, string> {
  const sources = sourcesOf(state, definition);
  const agreements = sources.flatMap((s) => state.agreements.filter((a) => a.dataset === s.dataset));
  const withdrawn = state.figures.withdrawalReason(definition);
  return {
    indicator: definition.id,
    title: definition.title,
    unit: definition.unit,
    level: body.level,
    period: body.period.id,
    period_label: body.period.label,
    sources: sources.map((s) => `${s.partnerName ?? s.partner}: ${s.datasetTitle ?? s.dataset} (${s.dataset})`).join('; '),
    agreements: agreements.length === 0 ? 'none (published statistics)' : agreements.map((a) => `${a.id} version ${a.version}, valid ${a.validFrom} to ${a.validTo}`).join('; '),
    suppression:
      withdrawn ??
      (agreements.length === 0
        ? 'none: published statistics'
        : agreements
            .map(
              (a) =>
                `${a.dataset}: counts above 0 and below ${a.suppression.threshold} withheld, with further figures withheld so none can be recovered by subtraction${a.suppression.rounding ? `; counts rounded to base ${a.suppression.rounding.base}` : ''}`,
            )
            .join('; ')),
  };
}

function csv(metadata: Record<string, string>, values: readonly AreaFigure[]): string {
  // Metadata first, as comment lines (pandas: comment='#'; R: comment.char='#').
  const lines = Object.entries(metadata).map(([key, value]) => `# ${key}: ${value.replace(/[\r\n]+/g, ' ')}`);
  lines.push(csvLine(FIGURE_COLUMNS.map((c) => c.name)));
  for (const figure of values) lines.push(csvLine(FIGURE_COLUMNS.map((c) => c.of(figure))));
  return `${lines.join('\r\n')}\r\n`;
}

async function geojson(state: ObservatoryState, metadata: Record<string, string>, body: IndicatorValues): Promise<string> {
  const geometry = new Map(body.level === 'partnership' ? [] : (await areaGeometries(state.db, body.level)).map((g) => [g.code, g.geometry]));
  const features = body.values.map((figure) => {
    const properties = Object.fromEntries(FIGURE_COLUMNS.map((c) => [c.name, c.of(figure)]));
    return `{"type":"Feature","id":${JSON.stringify(figure.area)},"properties":${JSON.stringify(properties)},"geometry":${geometry.get(figure.area) ?? 'null'}}`;
  });
  return `{"type":"FeatureCollection","metadata":${JSON.stringify(metadata)},"features":[${features.join(',')}]}`;
}

function parquet(metadata: Record<string, string>, values: readonly AreaFigure[]): Uint8Array<ArrayBuffer> {
  const buffer = parquetWriteBuffer({
    columnData: FIGURE_COLUMNS.map((c) => ({
      name: c.name,
      data: values.map((f) => c.of(f)),
      type: c.kind === 'string' ? ('STRING' as const) : c.kind === 'number' ? ('DOUBLE' as const) : ('BOOLEAN' as const),
      nullable: c.nullable,
    })),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'neighbourhood-observatory',
  });
  return new Uint8Array(buffer);
}

/** The figures of one indicator, level and period in a download format. */
export async function figuresDownload(state: ObservatoryState, definition: IndicatorDefinition, body: IndicatorValues, format: DownloadFormat): Promise<Download> {
  const metadata = downloadMetadata(state, definition, body);
  const base = `${definition.id}-${body.level}-${body.period.id}`;
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  switch (format) {
    case 'csv':
      return { bytes: utf8(csv(metadata, body.values)), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv` };
    case 'geojson':
      return { bytes: utf8(await geojson(state, metadata, body)), contentType: 'application/geo+json', fileName: `${base}.geojson` };
    case 'arrow':
      return { bytes: figuresToArrow(FIGURE_COLUMNS, body.values, metadata), contentType: 'application/vnd.apache.arrow.stream', fileName: `${base}.arrows` };
    case 'parquet':
      return { bytes: parquet(metadata, body.values), contentType: 'application/vnd.apache.parquet', fileName: `${base}.parquet` };
  }
}
