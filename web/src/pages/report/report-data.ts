/**
 * Everything the board report shows, fetched through the API contract: for each indicator with a
 * figure by the report's last month, the partnership's figure and series, the figures of the
 * level its map shows, the figure the previous report showed, and the extracts and agreements
 * behind the figure, and every locality's figure; the boundaries once per level; the localities;
 * the multi-agency view for the report's year; the priorities and the risk register as at the
 * report's end.
 */
import { asError, unlessRefused, type ApiClient, type AreaCollection, type AreaFigure, type Indicator, type IndicatorLineage, type MultiAgencyView, type PriorityList, type RiskList, type SeriesPoint } from '../../api/client.ts';
import { messageOf } from '../../components/page-state.ts';
import { worseThanPartnership } from '../../components/attention.ts';
import { boardDateFor, indicatorPeriodFor, periodEndMonth, previousReportPeriod, type ReportFigurePeriod, type ReportPeriod } from './report-period.ts';

export type MapLevel = 'lsoa' | 'ward' | 'lad';

export interface ReportIndicator {
  indicator: Indicator;
  current: ReportFigurePeriod;
  previous: ReportFigurePeriod | null;
  /** The partnership's figure at the current period; null for an indicator without a partnership level. */
  partnership: AreaFigure | null;
  /** The figure the previous report showed, when it showed one for a different period. */
  previousFigure: SeriesPoint | null;
  /** The partnership's series up to the report's last month (oldest first). */
  series: SeriesPoint[];
  mapLevel: MapLevel;
  /** The figures of `mapLevel` at the current period. */
  mapFigures: AreaFigure[];
  /** Areas of `mapLevel` significantly worse than the partnership, worst first; null when not judged. */
  worse: AreaFigure[] | null;
  /** Every locality's figure at the current period; null for an indicator without a locality level or a partnership without localities. */
  localityFigures: AreaFigure[] | null;
  lineage: IndicatorLineage | null;
  previousLineage: IndicatorLineage | null;
}

export interface ReportData {
  period: ReportPeriod;
  previous: ReportPeriod;
  partnershipName: string;
  indicators: ReportIndicator[];
  /** Indicators with no figure by the report's last month. */
  notYet: Indicator[];
  geographies: Map<MapLevel, AreaCollection>;
  /** The partnership's localities (none when it defines none). */
  localities: AreaCollection;
  multiAgency: MultiAgencyView | Error;
  /** The priorities and the risk register as at the report's end (today's for a report of months not yet over); null where the role may not read them. */
  priorities: PriorityList | Error | null;
  risks: RiskList | Error | null;
  /** Parts that could not be loaded, in words. */
  failures: string[];
}

const MAP_LEVELS: readonly MapLevel[] = ['lsoa', 'ward', 'lad'];

function mapLevelOf(indicator: Indicator): MapLevel | null {
  return MAP_LEVELS.find((level) => indicator.levels.includes(level)) ?? null;
}

function upTo(points: readonly SeriesPoint[], last: string): SeriesPoint[] {
  return points.filter((point) => {
    const end = periodEndMonth(point.period.id);
    return end === null || end <= last;
  });
}

async function loadIndicator(api: ApiClient, indicator: Indicator, period: ReportPeriod, hasLocalities: boolean, failures: string[]): Promise<ReportIndicator | null> {
  const current = indicatorPeriodFor(indicator, period);
  const mapLevel = mapLevelOf(indicator);
  if (current === null || mapLevel === null) return null;
  const previous = indicatorPeriodFor(indicator, previousReportPeriod(period));
  const hasPartnership = indicator.levels.includes('partnership');
  const [partnershipValues, mapValues, localityValues] = await Promise.all([
    hasPartnership ? api.values(indicator.id, 'partnership', current.period.id) : Promise.resolve(null),
    api.values(indicator.id, mapLevel, current.period.id),
    hasLocalities && indicator.levels.includes('locality') ? api.values(indicator.id, 'locality', current.period.id) : Promise.resolve(null),
  ]);
  const partnership = partnershipValues?.values[0] ?? null;
  const lineageOf = (periodId: string): Promise<IndicatorLineage | null> =>
    partnership === null
      ? Promise.resolve(null)
      : api.lineage(indicator.id, partnership.area, periodId).catch((error: unknown) => {
          failures.push(`Sources of ${indicator.title} (${periodId}): ${messageOf(error)}`);
          return null;
        });
  const differentPrevious = previous !== null && previous.period.id !== current.period.id ? previous : null;
  const [series, lineage, previousLineage] = await Promise.all([
    partnership === null ? Promise.resolve(null) : api.series(indicator.id, partnership.area),
    lineageOf(current.period.id),
    differentPrevious === null ? Promise.resolve(null) : lineageOf(differentPrevious.period.id),
  ]);
  const points = upTo(series?.points ?? [], period.last);
  return {
    indicator,
    current,
    previous,
    partnership,
    previousFigure: differentPrevious === null ? null : (points.find((point) => point.period.id === differentPrevious.period.id) ?? null),
    series: points,
    mapLevel,
    mapFigures: mapValues.values,
    worse: partnership === null ? null : worseThanPartnership(indicator, mapValues.values, partnership),
    localityFigures: localityValues?.values ?? null,
    lineage,
    previousLineage,
  };
}

/** The multi-agency view for the financial year the report closes (its inputs' period by the report's last month). */
async function loadMultiAgency(api: ApiClient, indicators: readonly Indicator[], period: ReportPeriod): Promise<MultiAgencyView> {
  const latest = await api.multiAgency();
  const firstInput = indicators.find((indicator) => indicator.id === latest.inputs[0]?.id);
  const wanted = firstInput === undefined ? null : indicatorPeriodFor(firstInput, period);
  if (wanted === null || wanted.period.id === latest.period.id) return latest;
  return api.multiAgency(wanted.period.id);
}


/** Load the report for `period` (`today` is the reader's date, YYYY-MM-DD). An indicator that fails is named in `failures`; the report goes on without it. */
export async function loadReport(api: ApiClient, indicators: readonly Indicator[], period: ReportPeriod, today: string): Promise<ReportData> {
  const failures: string[] = [];
  const failed = new Set<string>();
  const localities = await api.geography('locality');
  const loaded = await Promise.all(
    indicators.map((indicator) =>
      loadIndicator(api, indicator, period, localities.features.length > 0, failures).catch((error: unknown) => {
        failures.push(`${indicator.title}: ${messageOf(error)}`);
        failed.add(indicator.id);
        console.error(error);
        return null;
      }),
    ),
  );
  const shown = loaded.filter((entry): entry is ReportIndicator => entry !== null);
  const notYet = indicators.filter((indicator) => !failed.has(indicator.id) && !shown.some((entry) => entry.indicator.id === indicator.id));
  const levels = new Set<MapLevel>(shown.map((entry) => entry.mapLevel));
  levels.add('lad');
  levels.add('lsoa');
  const geographies = new Map<MapLevel, AreaCollection>();
  await Promise.all([...levels].map(async (level) => geographies.set(level, await api.geography(level))));
  const boardDate = boardDateFor(period, today) ?? undefined;
  const [multiAgency, priorities, risks] = await Promise.all([
    loadMultiAgency(api, indicators, period).catch(asError),
    api.priorities(boardDate).catch(unlessRefused),
    api.risks(boardDate).catch(unlessRefused),
  ]);
  const partnershipName = shown.find((entry) => entry.partnership !== null)?.partnership?.name ?? 'The partnership';
  return { period, previous: previousReportPeriod(period), partnershipName, indicators: shown, notYet, geographies, localities, multiAgency, priorities, risks, failures };
}

/** What changed in a figure since the previous report, in words; null when the previous report showed the same period or none. */
export function changeInWords(entry: Pick<ReportIndicator, 'partnership' | 'previousFigure' | 'indicator'>, decimals: number, format: (value: number | null, decimals: number) => string): string | null {
  const now = entry.partnership;
  const before = entry.previousFigure;
  if (now === null || before === null) return null;
  if (now.suppressed || before.suppressed || now.value === null || before.value === null) return `Not comparable: a figure is withheld (${before.period.label} or now).`;
  const from = `${format(before.value, decimals)} (${before.period.label})`;
  const to = format(now.value, decimals);
  if (now.value === before.value) return `Unchanged at ${to} since ${before.period.label}.`;
  const verb = now.value > before.value ? 'Rose' : 'Fell';
  const separated =
    now.lower !== null && now.upper !== null && before.lower !== null && before.upper !== null && (now.lower > before.upper || now.upper < before.lower);
  let judgement = 'the confidence intervals overlap, so the change may be chance';
  if (separated) {
    const better = entry.indicator.polarity === 'no-judgement' ? null : (now.value < before.value) === (entry.indicator.polarity === 'low-is-good');
    judgement = better === null ? 'a significant change (the confidence intervals do not overlap)' : `significantly ${better ? 'better' : 'worse'} (the confidence intervals do not overlap)`;
  }
  return `${verb} from ${from} to ${to}: ${judgement}.`;
}

/** The agreements (id and version) behind a lineage. */
export function agreementsOf(lineage: IndicatorLineage | null): Set<string> {
  return new Set((lineage?.extracts ?? []).map((extract) => `${extract.agreement.id} version ${extract.agreement.version}`));
}
