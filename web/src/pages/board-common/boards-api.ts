/**
 * The board endpoints as the board pages read them: zod schemas for the parts of each response
 * the pages show (extra fields pass), and a fetch that turns problem+json into an error with its detail.
 */
import { z } from 'zod';

const Rag = z.enum(['green', 'amber', 'red', 'not-assessed']);
export type Rag = z.infer<typeof Rag>;

const Figure = z.object({ period: z.string(), label: z.string(), value: z.number(), lower: z.number().nullable(), upper: z.number().nullable() });
export type Figure = z.infer<typeof Figure>;

const MeasureStatus = z.object({
  baseline: Figure.nullable(),
  latest: Figure.nullable(),
  targetValue: z.number().nullable(),
  expectedNow: z.number().nullable(),
  progressPercent: z.number().nullable(),
  change: z.object({ ratio: z.number(), lower: z.number(), upper: z.number(), verdict: z.string() }).nullable(),
  rag: Rag,
  reason: z.string(),
});
export type MeasureStatus = z.infer<typeof MeasureStatus>;

const Measure = z.object({
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

export const Priority = z.object({
  id: z.string(),
  kind: z.enum(['priority', 'theme']),
  title: z.string(),
  summary: z.string(),
  owner: z.object({ role: z.string(), name: z.string().optional() }),
  reviewCycle: z.object({ every: z.string(), firstReview: z.string() }),
  rag: Rag,
  measures: z.array(Measure),
});
export type Priority = z.infer<typeof Priority>;

export const PriorityList = z.object({ asAt: z.string(), ragRule: z.string(), priorities: z.array(Priority) });
export type PriorityList = z.infer<typeof PriorityList>;

const RiskRag = z.enum(['green', 'amber', 'red']);
const Score = z.object({ likelihood: z.number(), impact: z.number(), score: z.number(), rag: RiskRag, band: z.string(), likelihoodLabel: z.string(), impactLabel: z.string() });
export type Score = z.infer<typeof Score>;
const Review = Score.extend({ date: z.string(), note: z.string(), movement: z.string(), previousScore: z.number().nullable(), source: z.string() });
export type Review = z.infer<typeof Review>;

export const Risk = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  owner: z.object({ role: z.string(), name: z.string().optional() }),
  priority: z.string().optional(),
  inherent: Score,
  target: Score,
  current: Review,
  reviews: z.array(Review),
  linkedIndicators: z.array(
    z.object({
      indicator: z.string(),
      title: z.string(),
      unit: z.string(),
      area: z.string(),
      areaName: z.string().nullable(),
      atReviews: z.array(z.object({ reviewDate: z.string(), label: z.string().nullable(), value: z.number().nullable(), change: z.object({ verdict: z.string() }).nullable() })),
    }),
  ),
});
export type Risk = z.infer<typeof Risk>;

export const RiskList = z.object({ risks: z.array(Risk) });

// The intervention schemas are the API contract's (server/contract/interventions.ts).
export { IndicatorEvaluation, InterventionDetail, InterventionList } from '../../../../server/contract/index.ts';

/** GETs an API path and parses it; a problem+json answer becomes an Error with its detail. */
export async function getBoardJson<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json();
  if (!response.ok) {
    const problem = z.object({ detail: z.string() }).safeParse(body);
    throw new Error(problem.success ? problem.data.detail : `${path} answered ${response.status}`);
  }
  return schema.parse(body);
}
