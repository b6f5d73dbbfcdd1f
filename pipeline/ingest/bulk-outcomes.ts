import { z } from 'zod';
import type { DatasetModule, FieldRole, StoredValue } from '../datasets/dataset-module.ts';
import { firstProblem, requiredTextSchema } from '../datasets/field-parsers.ts';
import { judgeKeys } from '../datasets/field-roles.ts';
import type { RecordPlacer } from '../placement/record-placer.ts';
import { countOutside } from './load-tally.ts';

/** One distinct combination of key values and blank flags in the file, with how many rows have it and the first of them. */
export type KeyGroup = {
  gkey: bigint;
  /** The raw values of the key fields (and only those), as parseRow would see them. */
  keys: Record<string, string>;
  blank: Record<string, boolean>;
  /** The first field (in field order) the agreement keeps or the layout requires whose value holds U+FFFD, or null. */
  undecodable: string | null;
  rows: number;
  firstRow: number;
};

/** What every row of a group becomes: loaded with its period, place and typed key values, or quarantined with a field and reason. */
export type GroupOutcome =
  | { gkey: bigint; ok: true; period: string; lsoa21: string; values: Record<string, StoredValue> }
  | { gkey: bigint; ok: false; field: string; reason: string };

/** A count with the line where it first happened, so totals keep the streaming path's order of first occurrence. */
export type FirstCount = { count: number; firstLine: number };

/** Adds count rows first seen on line to a key's total. */
export function countAt(map: Map<string, FirstCount>, key: string, count: number, line: number): void {
  const entry = map.get(key);
  if (!entry) map.set(key, { count, firstLine: line });
  else {
    entry.count += count;
    entry.firstLine = Math.min(entry.firstLine, line);
  }
}

/** The outcome of every group, and the counts the extract log needs. */
export type GroupJudgement = {
  outcomes: GroupOutcome[];
  rowsLoaded: number;
  rowsQuarantined: number;
  /** Rows outside the partnership's area (their groups get no outcome, so no row of them is written), by district. */
  rowsOutsideArea: number;
  outsideByDistrict: Map<string | null, number>;
  /** Quarantined rows by reason, and loaded rows by placement method. */
  reasons: Map<string, FirstCount>;
  placedBy: Map<string, FirstCount>;
  codeDisagreements: number;
  senderSuppressed: number;
  ambiguous: number;
  periods: Set<string>;
};

/**
 * Judges each group as a row is judged: first a kept or required field whose bytes did
 * not decode (U+FFFD), then the first failing field in field order
 * (key fields by the dataset's own parsers, required text by its blank flag),
 * then the row's own problem, then placement (a place outside the partnership's area is
 * counted, and the group gets no outcome). A group stands for every row
 * with its key values, so a point is parsed and placed once however many
 * rows share it.
 */
export function judgeGroups(
  groups: readonly KeyGroup[],
  context: { module: DatasetModule; roles: ReadonlyMap<string, FieldRole>; encoding: string; placer: Pick<RecordPlacer, 'place'>; lineOf: (row: number) => number },
): GroupJudgement {
  const { module, roles, placer } = context;
  const position = new Map(module.fields.map((field, index) => [field.name, index]));
  const blankReasons = new Map(
    module.fields
      .filter((f) => roles.get(f.name) === 'required-text')
      .map((f) => {
        const parsed = z.object({ [f.name]: requiredTextSchema }).safeParse({ [f.name]: '' });
        return [f.name, parsed.success ? `${f.name} is empty` : firstProblem(parsed.error).reason] as const;
      }),
  );
  const judgement: GroupJudgement = {
    outcomes: [],
    rowsLoaded: 0,
    rowsQuarantined: 0,
    rowsOutsideArea: 0,
    outsideByDistrict: new Map(),
    reasons: new Map(),
    placedBy: new Map(),
    codeDisagreements: 0,
    senderSuppressed: 0,
    ambiguous: 0,
    periods: new Set(),
  };
  const quarantine = (group: KeyGroup, field: string, reason: string) => {
    judgement.outcomes.push({ gkey: group.gkey, ok: false, field, reason });
    judgement.rowsQuarantined += group.rows;
    countAt(judgement.reasons, reason, group.rows, context.lineOf(group.firstRow));
  };
  for (const group of groups) {
    if (group.undecodable !== null) {
      quarantine(group, group.undecodable, `${group.undecodable} has bytes that are not valid ${context.encoding}`);
      continue;
    }
    // Groups that differ only by a blank flag share key values and are judged again: rarer than a memo's cost per group.
    const verdict = judgeKeys(module, roles, group.keys);
    // The first failing field in field order: a key field's parser or a blank required field.
    let first: { field: string; reason: string; at: number } | null =
      !verdict.ok && verdict.schema ? { field: verdict.field, reason: verdict.reason, at: position.get(verdict.field) ?? -1 } : null;
    for (const [name, reason] of blankReasons) {
      const at = position.get(name) ?? -1;
      if (group.blank[name] && (first === null || at < first.at)) first = { field: name, reason, at };
    }
    if (first) {
      quarantine(group, first.field, first.reason);
      continue;
    }
    if (!verdict.ok) {
      quarantine(group, verdict.field, verdict.reason);
      continue;
    }
    const placement = placer.place(verdict.location);
    if (!placement.ok && placement.outside) {
      countOutside(judgement, placement.district, group.rows);
      continue;
    }
    if (!placement.ok) {
      if (placement.ambiguous) judgement.ambiguous += group.rows;
      quarantine(group, placement.field, placement.reason);
      continue;
    }
    countAt(judgement.placedBy, placement.method, group.rows, context.lineOf(group.firstRow));
    if (placement.disagreement) judgement.codeDisagreements += group.rows;
    if (verdict.senderSuppressed) judgement.senderSuppressed += group.rows;
    judgement.periods.add(verdict.period);
    judgement.rowsLoaded += group.rows;
    judgement.outcomes.push({ gkey: group.gkey, ok: true, period: verdict.period, lsoa21: placement.lsoa21, values: verdict.values });
  }
  return judgement;
}
