/**
 * The partnership's priorities and themes with their measures of success
 * (datasets/<partnership>/priorities.json), checked at start-up against the indicator definitions.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { monthsOfPeriod } from '../indicators/periods.ts';
import { BoardDefinitionError } from './board-definition-error.ts';
import { readBoardFile } from './board-file.ts';
import { boardId, isoDate, isoMonth, monthIndex, owner } from './board-schema-parts.ts';

/** A target as a value to reach, or as a change relative to the baseline (−10 = a tenth lower). */
const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('value'), value: z.number().finite() }).strict(),
  z.object({ kind: z.literal('relative-change'), percent: z.number().gt(-100, 'cannot fall by 100% or more').refine((p) => p !== 0, 'must not be 0') }).strict(),
]);

const measure = z
  .object({
    id: boardId,
    indicator: boardId,
    /** The level the target applies to, and the area (omitted for the partnership as a whole). */
    level: z.enum(['partnership', 'lad', 'ward', 'lsoa']),
    area: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, 'is not an area code').optional(),
    baselinePeriod: z.string().min(4),
    target,
    direction: z.enum(['decrease', 'increase']),
    /** The month by whose end the target should be met. */
    by: isoMonth,
    why: z.string().min(10).optional(),
  })
  .strict();

const priority = z
  .object({
    id: boardId,
    kind: z.enum(['priority', 'theme']),
    title: z.string().min(3),
    summary: z.string().min(10),
    owner,
    reviewCycle: z.object({ every: z.enum(['quarter', 'half-year', 'year']), firstReview: isoDate }).strict(),
    measures: z.array(measure).min(1, 'needs at least one measure of success'),
  })
  .strict();

export const prioritiesFileSchema = z.object({ priorities: z.array(priority) }).strict();

export type Priority = z.infer<typeof priority>;
export type Measure = z.infer<typeof measure>;
export type MeasureTarget = z.infer<typeof target>;

/** The grain a period id is written in, or null when it is none of them. */
function grainOfPeriod(id: string): string | null {
  if (monthsOfPeriod(id).length === 0) return null;
  if (/^\d{4}-\d{2}$/.test(id)) return 'month';
  if (/-Q\d$/.test(id)) return 'quarter';
  if (id.startsWith('FY')) return 'financial-year';
  return 'rolling-12-months';
}

/** Checks what the schema cannot: indicators exist and are counted, baselines fit, targets point the right way. */
function checkPriorities(priorities: readonly Priority[], definitions: readonly IndicatorDefinition[], file: string): void {
  const fail = (message: string, field: string): never => {
    throw new BoardDefinitionError(message, { file, field });
  };
  const ids = new Set<string>();
  priorities.forEach((p, i) => {
    if (ids.has(p.id)) fail(`priority id "${p.id}" is used twice`, `priorities.${i}.id`);
    ids.add(p.id);
    const measureIds = new Set<string>();
    p.measures.forEach((m, k) => {
      const at = `priorities.${i}.measures.${k}`;
      if (measureIds.has(m.id)) fail(`measure id "${m.id}" is used twice in priority "${p.id}"`, `${at}.id`);
      measureIds.add(m.id);
      const definition = definitions.find((d) => d.id === m.indicator);
      if (!definition) return fail(`no indicator "${m.indicator}"`, `${at}.indicator`);
      if (definition.kind !== 'counted') return fail(`"${m.indicator}" is a reference indicator with one period; a measure of success needs one counted over time`, `${at}.indicator`);
      if (m.level !== 'partnership' && !m.area) fail(`a measure at ${m.level} level must name its area`, `${at}.area`);
      if (grainOfPeriod(m.baselinePeriod) !== definition.grain) fail(`"${m.baselinePeriod}" is not a ${definition.grain} period of "${m.indicator}"`, `${at}.baselinePeriod`);
      const baselineEnd = monthsOfPeriod(m.baselinePeriod).at(-1) ?? '';
      if (monthIndex(m.by) <= monthIndex(baselineEnd)) fail(`the target date ${m.by} must come after the baseline period ends (${baselineEnd})`, `${at}.by`);
      if (m.target.kind === 'relative-change' && (m.target.percent < 0) !== (m.direction === 'decrease')) {
        fail(`a ${m.direction} cannot have a relative change of ${m.target.percent}%`, `${at}.target.percent`);
      }
      const good = definition.polarity === 'low-is-good' ? 'decrease' : definition.polarity === 'high-is-good' ? 'increase' : null;
      if (good !== null && good !== m.direction) fail(`"${m.indicator}" is ${definition.polarity}, so a target to ${m.direction} it would reward getting worse`, `${at}.direction`);
    });
  });
}

/** Loads and checks datasets/<partnership>/priorities.json (none when the file is absent). */
export function loadPriorities(partnershipDir: string, definitions: readonly IndicatorDefinition[]): Priority[] {
  const file = join(partnershipDir, 'priorities.json');
  const { priorities } = readBoardFile(file, prioritiesFileSchema, { priorities: [] });
  checkPriorities(priorities, definitions, file);
  return priorities;
}
