/**
 * How a measure of success stands: baseline, latest figure, progress towards the target, whether the
 * change since the baseline is significant, and its RAG status. The rule (also in the README and
 * the API description):
 * - green: on track: the latest value is at or beyond the trajectory, the straight line from the
 *   baseline value (at the end of the baseline period) to the target (at the end of its month),
 *   in the target's direction; once the target date has passed, the target itself;
 * - amber: off track, but improving: the change since the baseline is a significant improvement
 *   (the 95% confidence interval of latest ÷ baseline lies wholly on the good side of 1);
 * - red: off track and not significantly improving (no significant change, or worse);
 * - not-assessed: no published baseline, or no published figure after the baseline yet.
 */
import type { CountedIndicator } from '../indicators/indicator-definition.ts';
import { monthsOfPeriod } from '../indicators/periods.ts';
import { monthIndex } from './board-schema-parts.ts';
import type { Measure } from './priorities.ts';
import type { SeriesPoint } from './published-series.ts';
import { figureChange } from './figure-change.ts';
import type { Ratio } from './rate-ratio.ts';

export type MeasureRag = 'green' | 'amber' | 'red' | 'not-assessed';

/** A published figure as a measure shows it. */
export type MeasureFigure = { period: string; label: string; value: number; lower: number | null; upper: number | null };

/** The change from the baseline to the latest figure: their ratio with its 95% CI, and what it means. */
export type MeasureChange = Ratio & { verdict: 'significant improvement' | 'significant worsening' | 'no significant change' };

export type MeasureStatus = {
  baseline: MeasureFigure | null;
  latest: MeasureFigure | null;
  /** The value to reach, by the end of `by`. */
  targetValue: number | null;
  /** Where the trajectory stands at the latest figure's period. */
  expectedNow: number | null;
  /** How far from baseline to target the latest value has come (100 = target met; negative = moved away). */
  progressPercent: number | null;
  change: MeasureChange | null;
  onTrack: boolean | null;
  rag: MeasureRag;
  /** Why the status is what it is, in words. */
  reason: string;
};

function figure(p: SeriesPoint): MeasureFigure | null {
  if (p.value === null) return null;
  return { period: p.periodId, label: p.periodLabel, value: p.value, lower: p.lower, upper: p.upper };
}

/** latest ÷ baseline with its CI, from the published counts; null when a count is withheld or zero. */
function changeSince(baseline: SeriesPoint, latest: SeriesPoint, statistic: CountedIndicator['statistic'], good: 'lower' | 'higher'): MeasureChange | null {
  const change = figureChange(baseline, latest, statistic);
  if (!change) return null;
  const { significance, ...ratio } = change;
  const verdict = significance === 'similar' ? 'no significant change' : significance === good ? 'significant improvement' : 'significant worsening';
  return { ...ratio, verdict };
}

/** The measure's status from its published series, using only figures for periods ended by `asAt` (YYYY-MM-DD). */
export function measureStatus(measure: Measure, definition: CountedIndicator, points: readonly SeriesPoint[], asAt: string): MeasureStatus {
  const asAtMonth = asAt.slice(0, 7);
  const baselinePoint = points.find((p) => p.periodId === measure.baselinePeriod);
  const baselineEnd = monthsOfPeriod(measure.baselinePeriod).at(-1) ?? measure.baselinePeriod;
  const none = (reason: string, baseline: MeasureFigure | null = null, targetValue: number | null = null): MeasureStatus => ({
    baseline,
    latest: null,
    targetValue,
    expectedNow: null,
    progressPercent: null,
    change: null,
    onTrack: null,
    rag: 'not-assessed',
    reason,
  });
  if (!baselinePoint || baselinePoint.lastMonth >= asAtMonth) return none(`no published figure for the baseline period ${measure.baselinePeriod} yet`);
  const baseline = figure(baselinePoint);
  if (!baseline) return none(`the baseline figure for ${baselinePoint.periodLabel} is withheld (${baselinePoint.suppressionReason ?? 'disclosure control'})`);
  const targetValue = measure.target.kind === 'value' ? measure.target.value : baseline.value * (1 + measure.target.percent / 100);
  const after = points.filter((p) => p.lastMonth > baselineEnd && p.lastMonth < asAtMonth && p.value !== null);
  const latestPoint = after.at(-1);
  if (!latestPoint) return none(`no published figure after the baseline period ${baselinePoint.periodLabel} yet`, baseline, targetValue);
  const latest = figure(latestPoint)!;
  const total = monthIndex(measure.by) - monthIndex(baselineEnd);
  const elapsed = Math.min(monthIndex(latestPoint.lastMonth) - monthIndex(baselineEnd), total);
  const expectedNow = baseline.value + ((targetValue - baseline.value) * elapsed) / total;
  const sign = measure.direction === 'decrease' ? -1 : 1;
  const onTrack = sign * (latest.value - expectedNow) >= 0;
  const progressPercent = targetValue === baseline.value ? (sign * (latest.value - targetValue) >= 0 ? 100 : 0) : ((latest.value - baseline.value) / (targetValue - baseline.value)) * 100;
  const change = changeSince(baselinePoint, latestPoint, definition.statistic, measure.direction === 'decrease' ? 'lower' : 'higher');
  const improving = change?.verdict === 'significant improvement';
  const rag: MeasureRag = onTrack ? 'green' : improving ? 'amber' : 'red';
  const pastDeadline = monthIndex(latestPoint.lastMonth) >= monthIndex(measure.by);
  const reason = onTrack
    ? pastDeadline
      ? 'target met'
      : 'on track: at or beyond the trajectory from the baseline to the target'
    : improving
      ? 'off track, but significantly better than the baseline'
      : change === null
        ? 'off track, and the change since the baseline cannot be tested (a count is withheld or zero)'
        : `off track, and ${change.verdict === 'significant worsening' ? 'significantly worse than' : 'not significantly better than'} the baseline`;
  return { baseline, latest, targetValue, expectedNow, progressPercent, change, onTrack, rag, reason };
}

/** Review dates from the first review, every cycle, up to and including `today`. */
export function reviewDates(cycle: { every: 'quarter' | 'half-year' | 'year'; firstReview: string }, today: string): string[] {
  const step = { quarter: 3, 'half-year': 6, year: 12 }[cycle.every];
  const [y, m, d] = cycle.firstReview.split('-').map(Number) as [number, number, number];
  const dates: string[] = [];
  for (let k = 0; ; k++) {
    const month = m - 1 + k * step;
    const date = new Date(Date.UTC(y + Math.floor(month / 12), month % 12, 1));
    // Keep the day of month where the month has it; otherwise its last day.
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(d, last));
    const iso = date.toISOString().slice(0, 10);
    if (iso > today) return dates;
    dates.push(iso);
  }
}

/** The worst status among measures (red, then amber, then green); not-assessed when none is assessed. */
export function worstRag(rags: readonly MeasureRag[]): MeasureRag {
  for (const r of ['red', 'amber', 'green'] as const) if (rags.includes(r)) return r;
  return 'not-assessed';
}
