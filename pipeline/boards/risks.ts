/**
 * The strategic risk register (datasets/<partnership>/risks.json): the partnership's own scoring
 * matrix (likelihood × impact scales and RAG bands) and its risks, each with an owner, inherent and
 * target scores, linked indicators and the reviews held before the observatory (later reviews are
 * recorded in the database, see risk-review-store.ts).
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { BoardDefinitionError } from './board-definition-error.ts';
import { readBoardFile } from './board-file.ts';
import { boardId, isoDate, owner } from './board-schema-parts.ts';

const scalePoint = z.object({ score: z.number().int().min(1), label: z.string().min(2), description: z.string().optional() }).strict();
const band = z.object({ rag: z.enum(['green', 'amber', 'red']), from: z.number().int().min(1), to: z.number().int().min(1), label: z.string().min(2) }).strict();

const scoringMatrix = z
  .object({
    likelihood: z.array(scalePoint).min(2),
    impact: z.array(scalePoint).min(2),
    bands: z.array(band).min(2),
  })
  .strict();

const scorePair = z.object({ likelihood: z.number().int(), impact: z.number().int() }).strict();

const review = scorePair.extend({ date: isoDate, note: z.string().min(3), reviewer: z.string().min(2).optional() }).strict();

const linkedIndicator = z
  .object({
    indicator: boardId,
    level: z.enum(['partnership', 'lad', 'ward', 'lsoa']),
    area: z.string().regex(/^[A-Za-z0-9-]{3,40}$/, 'is not an area code').optional(),
  })
  .strict();

const risk = z
  .object({
    id: boardId,
    title: z.string().min(3),
    description: z.string().min(10),
    owner,
    /** The priority or theme the risk threatens (an id in priorities.json), if any. */
    priority: boardId.optional(),
    inherent: scorePair,
    target: scorePair,
    controls: z.array(z.string().min(3)).default([]),
    linkedIndicators: z.array(linkedIndicator).default([]),
    reviews: z.array(review).min(1, 'needs at least one review, so the register has a current score'),
  })
  .strict();

export const risksFileSchema = z.object({ scoring: scoringMatrix, risks: z.array(risk) }).strict();

export type ScoringMatrix = z.infer<typeof scoringMatrix>;
export type Risk = z.infer<typeof risk>;
export type RiskReviewInput = z.infer<typeof review>;
export type ScorePair = z.infer<typeof scorePair>;
export type RiskRegister = z.infer<typeof risksFileSchema>;

/** Whether a score pair lies on the matrix's scales; the message says which part does not. */
export function scoreProblem(matrix: ScoringMatrix, pair: ScorePair): string | null {
  if (!matrix.likelihood.some((p) => p.score === pair.likelihood)) return `likelihood ${pair.likelihood} is not on the scale (${matrix.likelihood.map((p) => p.score).join(', ')})`;
  if (!matrix.impact.some((p) => p.score === pair.impact)) return `impact ${pair.impact} is not on the scale (${matrix.impact.map((p) => p.score).join(', ')})`;
  return null;
}

function checkRegister(register: RiskRegister, definitions: readonly IndicatorDefinition[], priorityIds: ReadonlySet<string> | null, file: string): void {
  const fail = (message: string, field: string): never => {
    throw new BoardDefinitionError(message, { file, field });
  };
  const { scoring } = register;
  for (const scale of ['likelihood', 'impact'] as const) {
    scoring[scale].forEach((p, i) => {
      if (p.score !== i + 1) fail(`the ${scale} scale must run 1, 2, 3… in order; entry ${i} scores ${p.score}`, `scoring.${scale}.${i}.score`);
    });
  }
  // The bands must cover every score from 1 to the largest product, without gaps or overlaps.
  const max = scoring.likelihood.length * scoring.impact.length;
  let next = 1;
  scoring.bands.forEach((b, i) => {
    if (b.from !== next) fail(`band "${b.label}" starts at ${b.from}; the bands must cover 1 to ${max} in order without gaps or overlaps, so it should start at ${next}`, `scoring.bands.${i}.from`);
    if (b.to < b.from) fail(`band "${b.label}" ends before it starts`, `scoring.bands.${i}.to`);
    next = b.to + 1;
  });
  if (next !== max + 1) fail(`the last band must end at ${max} (likelihood ${scoring.likelihood.length} × impact ${scoring.impact.length})`, `scoring.bands.${scoring.bands.length - 1}.to`);
  const ids = new Set<string>();
  register.risks.forEach((r, i) => {
    const at = `risks.${i}`;
    if (ids.has(r.id)) fail(`risk id "${r.id}" is used twice`, `${at}.id`);
    ids.add(r.id);
    if (r.priority && priorityIds && !priorityIds.has(r.priority)) fail(`no priority "${r.priority}" in priorities.json`, `${at}.priority`);
    for (const part of ['inherent', 'target'] as const) {
      const problem = scoreProblem(scoring, r[part]);
      if (problem) fail(problem, `${at}.${part}`);
    }
    r.reviews.forEach((rv, k) => {
      const problem = scoreProblem(scoring, rv);
      if (problem) fail(problem, `${at}.reviews.${k}`);
      if (k > 0 && rv.date <= (r.reviews[k - 1]?.date ?? '')) fail(`reviews must be in date order, each on its own date`, `${at}.reviews.${k}.date`);
    });
    r.linkedIndicators.forEach((l, k) => {
      const definition = definitions.find((d) => d.id === l.indicator);
      if (!definition) fail(`no indicator "${l.indicator}"`, `${at}.linkedIndicators.${k}.indicator`);
      if (l.level !== 'partnership' && !l.area) fail(`a linked indicator at ${l.level} level must name its area`, `${at}.linkedIndicators.${k}.area`);
    });
  });
}

/** Loads and checks datasets/<partnership>/risks.json (an empty register when the file is absent). */
export function loadRiskRegister(partnershipDir: string, definitions: readonly IndicatorDefinition[], priorityIds: ReadonlySet<string> | null = null): RiskRegister {
  const file = join(partnershipDir, 'risks.json');
  const empty: RiskRegister = {
    scoring: {
      likelihood: [1, 2, 3, 4, 5].map((score) => ({ score, label: `L${score}` })),
      impact: [1, 2, 3, 4, 5].map((score) => ({ score, label: `I${score}` })),
      bands: [
        { rag: 'green', from: 1, to: 6, label: 'low' },
        { rag: 'amber', from: 7, to: 14, label: 'medium' },
        { rag: 'red', from: 15, to: 25, label: 'high' },
      ],
    },
    risks: [],
  };
  const register = readBoardFile(file, risksFileSchema, empty);
  checkRegister(register, definitions, priorityIds, file);
  return register;
}
