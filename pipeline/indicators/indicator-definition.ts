import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { datasetById } from '../datasets/registry.ts';
import { parseCheckedJson } from '../checked-json.ts';
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

const indicatorId = z.string().regex(/^[a-z0-9-]+$/, 'must be lower case letters, digits and dashes');

/**
 * What a counted indicator divides by: a Census 2021 count per area (constant over periods), or
 * another counted indicator's numerator count for the same area and period.
 */
const denominator = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('population') }),
  z.object({ kind: z.literal('population-65-plus') }),
  z.object({ kind: z.literal('households') }),
  z.object({ kind: z.literal('indicator'), indicator: indicatorId }).strict(),
]);
export type Denominator = z.infer<typeof denominator>;

const base = {
  id: indicatorId,
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
  /**
   * Indicators naming the same disclosure family are suppressed as one publication even when their
   * numerators share no row: two sources that record the same events (police violence and A&E
   * assault attendances) describe the same people, so their small counts are protected together.
   */
  disclosureFamily: indicatorId.optional(),
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

/**
 * The partner datasets an indicator's figures are made from: its numerator's, then its denominator
 * indicator's (so lineage and withdrawal cover both); none for a reference indicator.
 */
export function sourceDatasets(definition: IndicatorDefinition, definitions: readonly IndicatorDefinition[]): string[] {
  if (definition.kind !== 'counted') return [];
  const denominator = definition.denominator.kind === 'indicator' ? definition.denominator.indicator : null;
  const other = definitions.find((d) => d.id === denominator);
  const parts = [...definition.numerator.parts, ...(other?.kind === 'counted' ? other.numerator.parts : [])];
  return [...new Set(parts.map((p) => p.dataset))];
}

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
  const definition = parseCheckedJson(file, text, indicatorDefinitionSchema, (message, location, cause) => new IndicatorDefinitionError(message, location, { cause }));
  checkReferences(definition, file);
  return definition;
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

/** The values a set of conditions on one field lets through: only these, or any (non-null) value but these. */
type Allowed = { only: Set<string> } | { except: Set<string> };

const valueKey = (v: string | number | boolean): string => JSON.stringify(v);

/** The values the conditions on `field` let through, or null when none constrains it (every row, nulls included). */
function allowedValues(conditions: readonly Condition[], field: string): Allowed | null {
  let allowed: Allowed | null = null;
  for (const c of conditions) {
    if (c.field !== field) continue;
    const next: Allowed = 'equals' in c ? { only: new Set([valueKey(c.equals)]) } : 'in' in c ? { only: new Set(c.in.map(valueKey)) } : { except: new Set(c.notIn.map(valueKey)) };
    if (allowed === null) allowed = next;
    else if ('only' in allowed) {
      const only: Set<string> = allowed.only;
      allowed = { only: new Set([...only].filter((v) => ('only' in next ? next.only.has(v) : !next.except.has(v)))) };
    } else if ('only' in next) {
      const except: Set<string> = allowed.except;
      allowed = { only: new Set([...next.only].filter((v) => !except.has(v))) };
    } else allowed = { except: new Set([...allowed.except, ...next.except]) };
  }
  return allowed;
}

/**
 * Whether every row `inner` counts is provably counted by `outer`: the same dataset, and each of
 * outer's conditions implied by inner's conditions on the same field (an `in` list within outer's
 * list, a `notIn` list covering outer's…). Sufficient, not necessary: a subset written differently
 * (say, by listing every value but one instead of `notIn`) is not recognised.
 */
export function partWithin(inner: NumeratorPart, outer: NumeratorPart): boolean {
  if (inner.dataset !== outer.dataset) return false;
  return outer.where.every((c) => {
    const mine = allowedValues(inner.where, c.field);
    const theirs = allowedValues(outer.where, c.field);
    if (mine === null || theirs === null) return theirs === null;
    if ('only' in mine) return [...mine.only].every((v) => ('only' in theirs ? theirs.only.has(v) : !theirs.except.has(v)));
    return 'except' in theirs && [...theirs.except].every((v) => mine.except.has(v));
  });
}

/**
 * Checks the indicator denominators (DESIGN §4): the indicator named must exist, be counted, have
 * the same grain, count other rows than the numerator, and divide by a population (no chains, so
 * no cycles). A proportion's numerator must be a subset of the denominator's rows, as far as the
 * definitions can show: each numerator part lies within a denominator part of the same dataset
 * (partWithin), and no two numerator parts share a dataset (they could count a row twice), so the
 * numerator never exceeds the denominator.
 */
function checkIndicatorDenominators(definitions: readonly IndicatorDefinition[], fileOf: (id: string) => string): void {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  for (const definition of definitions) {
    if (definition.kind !== 'counted' || definition.denominator.kind !== 'indicator') continue;
    const file = fileOf(definition.id);
    const fail = (message: string, field = 'denominator.indicator'): never => {
      throw new IndicatorDefinitionError(message, { file, field });
    };
    const name = definition.denominator.indicator;
    const other = byId.get(name);
    if (!other) return fail(`no indicator "${name}" to divide by`);
    if (other.kind !== 'counted') return fail(`"${name}" is a reference indicator; a denominator indicator must be counted from partner rows`);
    if (other === definition) return fail(`an indicator cannot divide by itself`);
    if (other.denominator.kind === 'indicator') {
      return fail(`"${name}" itself divides by another indicator ("${other.denominator.indicator}"); a denominator indicator must divide by a population, so that there are no chains or cycles`);
    }
    if (other.grain !== definition.grain) return fail(`"${name}" has the grain ${other.grain} and this indicator ${definition.grain}; they must be the same`, 'grain');
    if (numeratorKey(other) === numeratorKey(definition)) return fail(`"${name}" counts the same rows as this indicator's numerator`);
    if (definition.statistic !== 'proportion') continue;
    const datasets = new Set<string>();
    definition.numerator.parts.forEach((part, index) => {
      const field = `numerator.parts.${index}`;
      if (datasets.has(part.dataset)) fail(`a proportion over "${name}" has two numerator parts on ${part.dataset}, which could count a row twice; combine their conditions in one part`, `${field}.dataset`);
      datasets.add(part.dataset);
      if (!other.numerator.parts.some((p) => p.dataset === part.dataset)) {
        fail(`${part.dataset} is not counted by the denominator indicator "${name}", so the numerator cannot be a subset of its rows`, `${field}.dataset`);
      }
      if (!other.numerator.parts.some((p) => partWithin(part, p))) {
        fail(`the rows of this part are not provably among the rows of "${name}": each condition of one of its ${part.dataset} parts must hold here too`, `${field}.where`);
      }
    });
  }
}

/**
 * A disclosure family joins indicators of different numerators, so one named by a single indicator
 * joins nothing: almost certainly a misspelt name, which would quietly leave a source unprotected.
 */
function checkDisclosureFamilies(definitions: readonly IndicatorDefinition[], fileOf: (id: string) => string): void {
  const named = new Map<string, CountedIndicator[]>();
  for (const d of definitions) if (d.kind === 'counted' && d.disclosureFamily !== undefined) named.set(d.disclosureFamily, [...(named.get(d.disclosureFamily) ?? []), d]);
  for (const [family, members] of named) {
    if (new Set(members.map(numeratorKey)).size < 2) {
      throw new IndicatorDefinitionError(`disclosure family "${family}" is named only by indicators counting the same rows (${members.map((m) => m.id).join(', ')}); name it on the indicators of the other source too`, {
        file: fileOf(members[0]!.id),
        field: 'disclosureFamily',
      });
    }
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
  checkIndicatorDenominators(definitions, (id) => join(indicatorsDir, `${id}.json`));
  checkDisclosureFamilies(definitions, (id) => join(indicatorsDir, `${id}.json`));
  return definitions;
}

function canonicalPart(part: NumeratorPart): string {
  const where = part.where
    .map((c) => {
      if ('equals' in c) return JSON.stringify([c.field, 'equals', c.equals]);
      if ('in' in c) return JSON.stringify([c.field, 'in', [...c.in].map(String).sort()]);
      return JSON.stringify([c.field, 'notIn', [...c.notIn].map(String).sort()]);
    })
    .sort();
  return JSON.stringify([part.dataset, where]);
}

/** A key equal for two numerators exactly when they count the same rows (order of parts and values aside). */
export function numeratorKey(definition: CountedIndicator): string {
  return JSON.stringify(definition.numerator.parts.map(canonicalPart).sort());
}
