/**
 * What the boards monitor, as the API answers it: the priorities with their measures of success
 * (GET /api/priorities) and the strategic risk register (GET /api/risks). Each schema names the
 * fields the screens read; the responses carry more (extra fields pass).
 */
import { z } from 'zod';

/** A measure's or a priority's status; the rule is the response's `ragRule`. */
export const MeasureRag = z.enum(['green', 'amber', 'red', 'not-assessed']);
export type MeasureRag = z.infer<typeof MeasureRag>;

/** A published figure a measure is judged on. */
export const MeasureFigure = z.object({ period: z.string(), label: z.string(), value: z.number(), lower: z.number().nullable(), upper: z.number().nullable() });
export type MeasureFigure = z.infer<typeof MeasureFigure>;

export const MeasureStatus = z.object({
  baseline: MeasureFigure.nullable(),
  latest: MeasureFigure.nullable(),
  targetValue: z.number().nullable(),
  expectedNow: z.number().nullable(),
  progressPercent: z.number().nullable(),
  change: z.object({ ratio: z.number(), lower: z.number(), upper: z.number(), verdict: z.string() }).nullable(),
  rag: MeasureRag,
  reason: z.string(),
});
export type MeasureStatus = z.infer<typeof MeasureStatus>;

export const Measure = z.object({
  id: z.string(),
  indicator: z.string(),
  indicatorTitle: z.string(),
  unit: z.string(),
  level: z.string(),
  area: z.string(),
  areaName: z.string().nullable(),
  direction: z.enum(['decrease', 'increase']),
  by: z.string(),
  why: z.string().optional(),
  status: MeasureStatus,
  history: z.array(z.object({ reviewDate: z.string(), status: MeasureStatus })),
});
export type Measure = z.infer<typeof Measure>;

const Owner = z.object({ role: z.string(), name: z.string().optional() });

export const Priority = z.object({
  id: z.string(),
  kind: z.enum(['priority', 'theme']),
  title: z.string(),
  summary: z.string(),
  owner: Owner,
  reviewCycle: z.object({ every: z.string(), firstReview: z.string() }),
  rag: MeasureRag,
  ragCounts: z.record(MeasureRag, z.number().int()),
  /** The review dates of its cycle up to the view's date. */
  reviews: z.array(z.string()),
  measures: z.array(Measure),
});
export type Priority = z.infer<typeof Priority>;

/** GET /api/priorities: every priority and theme as at `asAt` (today unless the request names a date). */
export const PriorityList = z.object({ asAt: z.string(), ragRule: z.string(), priorities: z.array(Priority) });
export type PriorityList = z.infer<typeof PriorityList>;

/** GET /api/priorities/{id}. */
export const PriorityDetail = z.object({ asAt: z.string(), ragRule: z.string(), priority: Priority });
export type PriorityDetail = z.infer<typeof PriorityDetail>;

/** A risk score's band on the partnership's scale. */
export const RiskRag = z.enum(['green', 'amber', 'red']);
export type RiskRag = z.infer<typeof RiskRag>;

export const RiskScore = z.object({ likelihood: z.number(), impact: z.number(), score: z.number(), rag: RiskRag, band: z.string(), likelihoodLabel: z.string(), impactLabel: z.string() });
export type RiskScore = z.infer<typeof RiskScore>;

/** How a review's score moved from the review before it. */
export const RiskMovement = z.enum(['first review', 'up', 'down', 'no change in score']);

export const RiskReview = RiskScore.extend({
  date: z.string(),
  note: z.string(),
  movement: RiskMovement,
  previousScore: z.number().nullable(),
  /** register: shipped in risks.json; recorded: through the API or the CLI. */
  source: z.enum(['register', 'recorded']),
  reviewer: z.string().nullable(),
});
export type RiskReview = z.infer<typeof RiskReview>;

export const Risk = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  owner: Owner,
  priority: z.string().optional(),
  inherent: RiskScore,
  target: RiskScore,
  current: RiskReview,
  /** Every review up to the register's date, newest first. */
  reviews: z.array(RiskReview),
  linkedIndicators: z.array(
    z.object({
      indicator: z.string(),
      title: z.string(),
      unit: z.string(),
      area: z.string(),
      areaName: z.string().nullable(),
      atReviews: z.array(
        z.object({ reviewDate: z.string(), period: z.string().nullable(), label: z.string().nullable(), value: z.number().nullable(), change: z.object({ verdict: z.string() }).nullable() }),
      ),
    }),
  ),
});
export type Risk = z.infer<typeof Risk>;

/** GET /api/risks: the register as at `asAt`: each risk reviewed by then, as its latest review by then scored it. */
export const RiskList = z.object({ asAt: z.string(), risks: z.array(Risk) });
export type RiskList = z.infer<typeof RiskList>;

/** GET /api/risks/{id}, and PUT /api/risks/{id}/reviews's answer. */
export const RiskDetail = z.object({ asAt: z.string(), risk: Risk });
export type RiskDetail = z.infer<typeof RiskDetail>;

/** Whether YYYY-MM-DD text names a real day (2019-02-30 does not); zod runs this even when the pattern failed. */
function isCalendarDate(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** The `asAt` query of the board endpoints: a date, YYYY-MM-DD, not after today. */
export const BoardDateQuery = z.object({
  asAt: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: (issue) => `must be a date, YYYY-MM-DD (got "${String(issue.input)}")` })
    .refine(isCalendarDate, { error: (issue) => `${String(issue.input)} is not a date in the calendar` })
    .optional(),
});
