import { z } from 'zod';
import type { Level } from './area-hierarchy.ts';
import { publicWithheldReason } from './disclosure/public-reason.ts';

const comparisonSchema = z.object({ benchmark: z.string(), significance: z.string(), judgement: z.string() }).loose();
const trendSchema = z.object({ direction: z.string(), judgement: z.string().nullable(), periodsUsed: z.number() }).loose();

/** How a figure compares with its parent area (stored as JSON beside the figure). */
export type Comparison = z.infer<typeof comparisonSchema>;
/** The figure's trend over its last periods (stored as JSON beside the figure). */
export type Trend = z.infer<typeof trendSchema>;

/** One published figure: an indicator for an area and period, after disclosure control. */
export type IndicatorValue = {
  indicatorId: string;
  level: Level;
  areaCode: string;
  periodId: string;
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
  comparison: Comparison | null;
  trend: Trend | null;
  rag: string | null;
};

/** A JSON text column read back through its schema (text the build wrote: a parse error is a bug, and throws). */
function storedJson<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .nullable()
    .transform((text): unknown => (text === null ? null : JSON.parse(text)))
    .pipe(schema.nullable());
}

/** A row of the indicator_value view as the API reads it: every column of the figure (others the query selected pass by). */
const storedFigureSchema = z.object({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  suppressed: z.boolean(),
  suppression_reason: z.string().nullable(),
  comparison: storedJson(comparisonSchema),
  trend: storedJson(trendSchema),
  rag: z.string().nullable(),
});

/**
 * Who a figure is read for: `public` gets the one public reason for a withheld figure; `governance`
 * (a role every source agreement lets see raw rows, who could count the rows anyway) also gets the
 * rule that withheld it, to explain a gap to a partner or check the suppression.
 */
export type FigureAudience = 'public' | 'governance';

/** A figure as the API publishes it; `withholdingRule` only for the governance audience. */
export type PublishedFigure = Pick<IndicatorValue, 'value' | 'lower' | 'upper' | 'numerator' | 'denominator' | 'suppressed' | 'suppressionReason' | 'comparison' | 'trend' | 'rag'> & {
  withholdingRule?: string | null;
};

/**
 * Reads a stored figure (a row of indicator_value, validated), or, when its indicator is withdrawn,
 * the figure withheld whole with that reason: nothing of a withdrawn indicator leaves the database.
 */
export function publishedFigure(row: Record<string, unknown>, withdrawn: string | null, audience: FigureAudience = 'public'): PublishedFigure {
  if (withdrawn !== null) {
    const figure: PublishedFigure = { value: null, numerator: null, denominator: null, lower: null, upper: null, suppressed: true, suppressionReason: withdrawn, comparison: null, trend: null, rag: null };
    return audience === 'governance' ? { ...figure, withholdingRule: withdrawn } : figure;
  }
  const f = storedFigureSchema.parse(row);
  const figure: PublishedFigure = {
    value: f.value,
    numerator: f.numerator,
    denominator: f.denominator,
    lower: f.lower,
    upper: f.upper,
    suppressed: f.suppressed,
    // One public reason, never the rule that withheld it (see public-reason.ts).
    suppressionReason: publicWithheldReason(f.suppression_reason, f.suppressed),
    comparison: f.comparison,
    trend: f.trend,
    rag: f.rag,
  };
  return audience === 'governance' ? { ...figure, withholdingRule: f.suppressed ? f.suppression_reason : null } : figure;
}
