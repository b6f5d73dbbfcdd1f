/**
 * A risk as the register shows it: inherent, target and current score with RAG, every review with
 * how the score moved, and beside it what the linked indicators did between the same reviews.
 */
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { latestAsAt, type PublishedSeries, type SeriesPoint } from './published-series.ts';
import { figureChange } from './figure-change.ts';
import type { Ratio } from './rate-ratio.ts';
import { riskReviews, type StoredRiskReview } from './risk-review-store.ts';
import { movement, scoreOf, type Movement, type Score } from './risk-scoring.ts';
import type { Risk, RiskRegister } from './risks.ts';

export type ReviewedScore = StoredRiskReview & Score & { movement: Movement; previousScore: number | null };

/** A linked indicator's published figure at a review, and how it changed since the previous review. */
export type IndicatorAtReview = {
  reviewDate: string;
  period: string | null;
  label: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  change: (Ratio & { verdict: 'better' | 'worse' | 'no significant change' | 'higher' | 'lower' }) | null;
};

export type LinkedIndicatorReport = { indicator: string; title: string; unit: string; polarity: string; area: string; areaName: string | null; atReviews: IndicatorAtReview[] };

export type RiskReport = Omit<Risk, 'reviews' | 'inherent' | 'target' | 'linkedIndicators'> & {
  inherent: Score;
  target: Score;
  current: ReviewedScore;
  /** Every review, newest first. */
  reviews: ReviewedScore[];
  linkedIndicators: LinkedIndicatorReport[];
};

function changeBetween(before: SeriesPoint, after: SeriesPoint, definition: IndicatorDefinition): IndicatorAtReview['change'] {
  if (definition.kind !== 'counted' || before.periodId === after.periodId) return null;
  const change = figureChange(before, after, definition.statistic);
  if (!change) return null;
  const { significance, ...ratio } = change;
  if (significance === 'similar') return { ...ratio, verdict: 'no significant change' };
  if (definition.polarity === 'no-judgement') return { ...ratio, verdict: significance };
  const good = definition.polarity === 'low-is-good' ? 'lower' : 'higher';
  return { ...ratio, verdict: significance === good ? 'better' : 'worse' };
}

/** What a risk report reads: the register, its recorded reviews, the published figures; `asAt` (YYYY-MM-DD) keeps only the reviews held by then. */
export type RiskReportContext = { db: Database; register: RiskRegister; definitions: readonly IndicatorDefinition[]; series: PublishedSeries; partnershipCode: string; asAt?: string };

/** One risk's report, reading its recorded reviews and its indicators' published figures. */
export async function riskReport(risk: Risk, context: RiskReportContext): Promise<RiskReport> {
  const report = await riskReportIfReviewed(risk, context);
  if (!report) throw new NotFoundError(`risk "${risk.id}" has no review${context.asAt === undefined ? '' : ` on or before ${context.asAt}`}`, { field: 'reviews' });
  return report;
}

/** One risk's report, or null when it had no review by `context.asAt` (it was not yet on the register). */
export async function riskReportIfReviewed(risk: Risk, context: RiskReportContext): Promise<RiskReport | null> {
  const matrix = context.register.scoring;
  const asAt = context.asAt;
  const stored = (await riskReviews(context.db, risk)).filter((review) => asAt === undefined || review.date <= asAt);
  const chronological: ReviewedScore[] = [];
  for (const review of stored) {
    const score = scoreOf(matrix, review);
    const previousScore = chronological.at(-1)?.score ?? null;
    chronological.push({ ...review, ...score, movement: movement(previousScore, score.score), previousScore });
  }
  const linkedIndicators: LinkedIndicatorReport[] = [];
  for (const link of risk.linkedIndicators) {
    const definition = context.definitions.find((d) => d.id === link.indicator);
    if (!definition) continue; // checked at load
    const area = link.area ?? context.partnershipCode;
    const points = await context.series.series(link.indicator, area);
    const withValues = points.filter((p) => p.value !== null);
    let previous: SeriesPoint | null = null;
    const atReviews = chronological.map((review): IndicatorAtReview => {
      const at = latestAsAt(withValues, review.date);
      const entry: IndicatorAtReview = {
        reviewDate: review.date,
        period: at?.periodId ?? null,
        label: at?.periodLabel ?? null,
        value: at?.value ?? null,
        lower: at?.lower ?? null,
        upper: at?.upper ?? null,
        change: at && previous ? changeBetween(previous, at, definition) : null,
      };
      previous = at ?? previous;
      return entry;
    });
    linkedIndicators.push({ indicator: definition.id, title: definition.title, unit: definition.unit, polarity: definition.polarity, area, areaName: await context.series.areaName(area), atReviews });
  }
  const current = chronological.at(-1);
  if (!current) return null;
  const { reviews: _shipped, inherent, target, linkedIndicators: _links, ...rest } = risk;
  return { ...rest, inherent: scoreOf(matrix, inherent), target: scoreOf(matrix, target), current, reviews: [...chronological].reverse(), linkedIndicators };
}

/** Finds a risk by id, or says which exist. */
export function findRisk(register: RiskRegister, id: string): Risk {
  const found = register.risks.find((r) => r.id === id);
  if (!found) throw new NotFoundError(`no risk "${id}"; GET /api/risks lists them (${register.risks.map((r) => r.id).join(', ')})`, { field: 'id' });
  return found;
}
