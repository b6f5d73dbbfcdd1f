import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { datasetById } from '../datasets/registry.ts';
import { IndicatorDefinitionError } from '../errors.ts';

const condition = z.union([
  z.object({ field: z.string(), in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }).strict(),
  z.object({ field: z.string(), notIn: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }).strict(),
  z.object({ field: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
]);
export type Condition = z.infer<typeof condition>;

/** One partner dataset's contribution to a numerator: the rows that match every condition. */
const numeratorPart = z.object({ dataset: z.string(), where: z.array(condition).default([]) });
export type NumeratorPart = z.infer<typeof numeratorPart>;

const denominator = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('population') }),
  z.object({ kind: z.literal('population-65-plus') }),
  z.object({ kind: z.literal('households') }),
]);

const base = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower case letters, digits and dashes'),
  title: z.string().min(3),
  shortDescription: z.string().min(10),
  theme: z.enum(['Community safety', 'Fire and rescue', 'Health and wellbeing', 'Environment', 'Housing', 'Deprivation', 'Population']),
  polarity: z.enum(['high-is-good', 'low-is-good', 'no-judgement']),
  methods: z.string().min(10),
  target: z.object({ value: z.number(), by: z.string().regex(/^\d{4}-\d{2}$/) }).optional(),
};

/** An indicator counted from partner rows: numerator over a population denominator. */
const countedIndicator = z.object({
  ...base,
  kind: z.literal('counted'),
  statistic: z.enum(['crude-rate', 'proportion']),
  numerator: z.object({ parts: z.array(numeratorPart).min(1) }),
  denominator,
  multiplier: z.number().positive(),
  unit: z.string().min(1),
  grain: z.enum(['month', 'quarter', 'financial-year', 'rolling-12-months']),
});

/** An indicator read from a reference dataset (e.g. the IoD 2025 score), for one period. */
const referenceIndicator = z.object({
  ...base,
  kind: z.literal('reference'),
  source: z.enum(['imd2025-score', 'imd2025-decile', 'population-65-plus-share']),
  unit: z.string().min(1),
});

export const indicatorDefinitionSchema = z.discriminatedUnion('kind', [countedIndicator, referenceIndicator]);
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;
export type CountedIndicator = z.infer<typeof countedIndicator>;
export type ReferenceIndicator = z.infer<typeof referenceIndicator>;

/** Checks an indicator's filters name real, storable fields of real datasets. */
function checkReferences(definition: IndicatorDefinition, file: string): void {
  if (definition.kind !== 'counted') return;
  definition.numerator.parts.forEach((part, index) => {
    const module = datasetById(part.dataset);
    if (!module) throw new IndicatorDefinitionError(`unknown dataset "${part.dataset}"`, { file, field: `numerator.parts.${index}.dataset` });
    for (const c of part.where) {
      if (!module.fields.some((f) => f.name === c.field && f.storage !== undefined)) {
        throw new IndicatorDefinitionError(`"${c.field}" is not a stored field of ${module.id}`, { file, field: `numerator.parts.${index}.where` });
      }
    }
  });
}

/** Parses one definition file; errors name the file and the field. */
export function parseIndicatorFile(file: string, text: string): IndicatorDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IndicatorDefinitionError('is not valid JSON', { file }, { cause: error });
  }
  const parsed = indicatorDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IndicatorDefinitionError(`${issue?.message ?? 'is invalid'}`, { file, field: issue?.path.join('.') ?? '' });
  }
  checkReferences(parsed.data, file);
  return parsed.data;
}

/**
 * Refuses a filter on a field that an agreement for its dataset does not keep: that column is
 * always empty, so the filter would quietly count nothing.
 */
export function checkFiltersAgainstAgreements(definitions: readonly IndicatorDefinition[], agreements: readonly Agreement[], indicatorsDir: string): void {
  for (const definition of definitions) {
    if (definition.kind !== 'counted') continue;
    definition.numerator.parts.forEach((part, index) => {
      for (const agreement of agreements.filter((a) => a.dataset === part.dataset)) {
        const kept = new Set(agreement.fields.kept.map((f) => f.name));
        for (const c of part.where) {
          if (!kept.has(c.field)) {
            throw new IndicatorDefinitionError(
              `indicator "${definition.id}" filters on "${c.field}", which agreement ${agreement.id} v${agreement.version} does not keep`,
              { file: join(indicatorsDir, `${definition.id}.json`), field: `numerator.parts.${index}.where` },
            );
          }
        }
      }
    });
  }
}

/** Loads every indicator definition of a partnership, in file-name order. */
export function loadIndicatorDefinitions(indicatorsDir: string): IndicatorDefinition[] {
  const files = readdirSync(indicatorsDir).filter((f) => f.endsWith('.json')).sort();
  const definitions = files.map((name) => parseIndicatorFile(join(indicatorsDir, name), readFileSync(join(indicatorsDir, name), 'utf8')));
  const ids = new Set<string>();
  definitions.forEach((d, i) => {
    // One file per indicator, named by its id, so errors and readers can find it.
    if (`${d.id}.json` !== files[i]) throw new IndicatorDefinitionError(`the file of indicator "${d.id}" must be named ${d.id}.json`, { file: join(indicatorsDir, files[i] ?? ''), field: 'id' });
  });
  for (const d of definitions) {
    if (ids.has(d.id)) throw new IndicatorDefinitionError(`indicator id "${d.id}" is defined twice`, { file: indicatorsDir });
    ids.add(d.id);
  }
  return definitions;
}
