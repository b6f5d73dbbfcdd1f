/**
 * What an attacker can derive about withheld cells from everything published (SDC.md): the
 * published figures and the relations between them are a system of linear equations and bounds over
 * the withheld cells; each withheld cell's range is [min, max] of two linear programs. Protection
 * means every primary cell's range reaches its threshold at the top and no withheld cell is pinned.
 *
 * Counts are whole numbers, so the attacker's range is [ceil(LP min), floor(LP max)] at best (the
 * LP relaxation never gives a narrower range than the integer program; for the sums over areas and
 * periods the two agree). The solver is HiGHS (compiled to WebAssembly, npm `highs`).
 *
 * Cost: the system splits into independent components (cells linked by a relation); each is one
 * model. Two solves per component (maximise, then minimise, the sum of its cells) usually settle
 * most cells at once, since any feasible solution is a witness: a cell seen at ≥ its threshold in
 * some solution has a maximum ≥ threshold, one seen at two values is not pinned. Only cells left
 * unsettled get their own two solves.
 */
import loadHighs, { type Highs, type Model } from 'highs';
import { DisclosureInputError } from './disclosure-input-error.ts';

/** lower ≤ Σ coefficient × cell ≤ upper over unknown (withheld or unpublished) cells; published figures are folded into the bounds. */
export type Relation = { cells: readonly number[]; coefficients: readonly number[]; lower: number; upper: number };

/** Unknown cells (each ≥ lower and ≤ upper, by default 0 and +∞) and the relations an attacker can write down. */
export type AttackSystem = { cellCount: number; relations: readonly Relation[]; lower?: Float64Array; upper?: Float64Array };

/** A cell to check: not pinned, and (reach > 0) its maximum at least `reach` (a primary cell's threshold). */
export type Requirement = { cell: number; reach: number };

/** A requirement the published figures do not meet, with the attacker's range for that cell. */
export type Exposure = { cell: number; reach: number; min: number; max: number };

export type ProtectionReport = {
  exposures: Exposure[];
  /** Cells checked, independent components solved, linear programs run, relations used. */
  checked: number;
  components: number;
  solves: number;
  relations: number;
  /** Per checked cell (same order as the requirements): the range established (≥ as wide as needed; exact where it was solved). */
  ranges: { cell: number; min: number; max: number }[];
};

let loading: Promise<Highs> | null = null;

/** Loads the solver once per process (a WebAssembly instance; offline, from node_modules). */
export function loadSolver(): Promise<Highs> {
  loading ??= loadHighs();
  return loading;
}

const EPS = 1e-6;
/**
 * The default upper bound of a cell: far above any count, so a cell that reaches it is unbounded for
 * every purpose here, while maximising a sum still ends at a vertex whose values are witnesses.
 */
const UNBOUNDED = 1e7;
const floorOf = (x: number): number => (x === Number.POSITIVE_INFINITY ? x : Math.floor(x + EPS) + 0);
const ceilOf = (x: number): number => (x === Number.NEGATIVE_INFINITY ? x : Math.ceil(x - EPS) + 0);

/** Splits the cells into components linked by relations (union-find), returning each cell's component root. */
function components(system: AttackSystem): Int32Array {
  const parent = Int32Array.from({ length: system.cellCount }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (const rel of system.relations) {
    const first = rel.cells[0];
    if (first === undefined) continue;
    const a = find(first);
    for (const c of rel.cells) {
      const b = find(c);
      if (b !== a) parent[b] = a;
    }
  }
  for (let i = 0; i < system.cellCount; i++) find(i);
  return parent;
}

/**
 * Checks each requirement against the attacker's linear programs and returns those not met: a
 * cell whose floor(max) < reach, or whose ceil(min) = floor(max) (pinned).
 */
export function checkProtection(highs: Highs, system: AttackSystem, requirements: readonly Requirement[]): ProtectionReport {
  const n = system.cellCount;
  for (const r of requirements) if (!(r.cell >= 0 && r.cell < n)) throw new DisclosureInputError(`requirement on unknown cell #${r.cell}`);
  const root = components(system);
  const byComponent = new Map<number, { cells: number[]; relations: number[]; requirements: number[] }>();
  const componentOf = (cell: number) => {
    const key = root[cell]!;
    let c = byComponent.get(key);
    if (!c) {
      c = { cells: [], relations: [], requirements: [] };
      byComponent.set(key, c);
    }
    return c;
  };
  requirements.forEach((r, i) => componentOf(r.cell).requirements.push(i));
  // Only components holding a requirement need models.
  for (let cell = 0; cell < n; cell++) if (byComponent.has(root[cell]!)) componentOf(cell).cells.push(cell);
  system.relations.forEach((rel, i) => {
    const first = rel.cells[0];
    if (first !== undefined && byComponent.has(root[first]!)) componentOf(first).relations.push(i);
  });

  const lo = new Float64Array(n).fill(Number.POSITIVE_INFINITY); // least value seen in a feasible solution
  const hi = new Float64Array(n).fill(Number.NEGATIVE_INFINITY); // greatest value seen
  const exactMin = new Float64Array(n).fill(Number.NaN);
  const exactMax = new Float64Array(n).fill(Number.NaN);
  let solves = 0;
  const exposures: Exposure[] = [];
  for (const component of byComponent.values()) {
    const model = componentModel(highs, system, component.cells, component.relations);
    const tc = performance.now();
    const s0 = solves;
    try {
      const local = new Map(component.cells.map((c, j) => [c, j]));
      const solve = (costs: Float64Array, maximise: boolean): { objective: number; values: Float64Array | null } => {
        solves++;
        // Only the costs change (minimising is maximising the negation), so the last basis stays feasible and warm-starts the next solve.
        model.changeColsCost({ kind: 'range', from: 0, to: component.cells.length - 1 }, maximise ? costs : costs.map((c) => -c));
        model.run();
        const status = model.getModelStatus();
        if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
          return { objective: maximise ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, values: null };
        }
        if (status !== highs.constants.modelStatus.optimal) throw new DisclosureInputError(`the attacker's linear program ended with status ${status} (the published figures are inconsistent?)`);
        const values = model.getSolution().colValue;
        component.cells.forEach((c, j) => {
          const v = values[j] ?? 0;
          if (v < lo[c]!) lo[c] = v;
          if (v > hi[c]!) hi[c] = v;
        });
        const objective = model.getObjectiveValue();
        return { objective: maximise ? objective : -objective, values };
      };
      const settled = (i: number): boolean => {
        const r = requirements[i]!;
        const top = floorOf(hi[r.cell]!);
        return top >= r.reach && top > ceilOf(lo[r.cell]!);
      };
      // Rounds of "push every unsettled cell up (then down) at once" settle most cells in a few solves.
      let open = component.requirements.filter((i) => !settled(i));
      for (let round = 0; round < 6 && open.length > 1; round++) {
        const costs = new Float64Array(component.cells.length);
        for (const i of open) costs[local.get(requirements[i]!.cell)!] = 1;
        solve(costs, true);
        solve(costs, false);
        const still = open.filter((i) => !settled(i));
        if (still.length === open.length) break;
        open = still;
      }
      for (const i of open) {
        if (settled(i)) continue;
        const r = requirements[i]!;
        const unit = new Float64Array(component.cells.length);
        unit[local.get(r.cell)!] = 1;
        if (Number.isNaN(exactMax[r.cell]!)) {
          const max = solve(unit, true).objective;
          exactMax[r.cell] = max;
          if (max > hi[r.cell]!) hi[r.cell] = max;
        }
        if (settled(i) || floorOf(hi[r.cell]!) < r.reach) continue;
        if (Number.isNaN(exactMin[r.cell]!)) {
          const min = solve(unit, false).objective;
          exactMin[r.cell] = min;
          if (min < lo[r.cell]!) lo[r.cell] = min;
        }
      }
    } finally {
      model.dispose();
      if (process.env.DISCLOSURE_DEBUG && performance.now() - tc > 200) console.log(`component ${component.cells.length} cells, ${component.relations.length} rows, ${component.requirements.length} reqs: ${solves - s0} solves, ${Math.round(performance.now() - tc)} ms`);
    }
  }
  const ranges = requirements.map((r) => {
    // Where the exact optimum was solved it is the range; otherwise what the witnesses show (a range at least this wide).
    const max = Number.isNaN(exactMax[r.cell]!) ? floorOf(hi[r.cell]!) : floorOf(exactMax[r.cell]!);
    const min = Number.isNaN(exactMin[r.cell]!) ? ceilOf(lo[r.cell]!) : ceilOf(exactMin[r.cell]!);
    return { cell: r.cell, min, max };
  });
  requirements.forEach((r, i) => {
    const { min, max } = ranges[i]!;
    if (max < r.reach || max <= min) exposures.push({ cell: r.cell, reach: r.reach, min, max });
  });
  return { exposures, checked: requirements.length, components: byComponent.size, solves, relations: system.relations.length, ranges };
}

/** One component as a HiGHS model: its cells as columns (with their bounds), its relations as rows (CSR). */
function componentModel(highs: Highs, system: AttackSystem, cells: readonly number[], relations: readonly number[]): Model {
  const local = new Map(cells.map((c, j) => [c, j]));
  const starts = new Int32Array(relations.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower = new Float64Array(relations.length);
  const rowUpper = new Float64Array(relations.length);
  relations.forEach((r, k) => {
    const rel = system.relations[r]!;
    // Repeated cells in a relation add up (HiGHS rejects duplicates).
    const row = new Map<number, number>();
    rel.cells.forEach((c, t) => row.set(local.get(c)!, (row.get(local.get(c)!) ?? 0) + (rel.coefficients[t] ?? 0)));
    for (const [j, v] of [...row].sort((a, b) => a[0] - b[0])) {
      if (v === 0) continue;
      indices.push(j);
      values.push(v);
    }
    starts[k + 1] = indices.length;
    rowLower[k] = Number.isFinite(rel.lower) ? rel.lower : -highs.infinity;
    rowUpper[k] = Number.isFinite(rel.upper) ? rel.upper : highs.infinity;
  });
  const bound = (b: Float64Array | undefined, c: number, fallback: number) => {
    const v = b?.[c] ?? fallback;
    return Number.isFinite(v) ? v : v > 0 ? highs.infinity : -highs.infinity;
  };
  const model = highs.createModel({
    sense: highs.constants.objectiveSense.maximize,
    numCols: cells.length,
    numRows: relations.length,
    colCost: new Float64Array(cells.length),
    colLower: Float64Array.from(cells, (c) => bound(system.lower, c, 0)),
    colUpper: Float64Array.from(cells, (c) => bound(system.upper, c, UNBOUNDED)),
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: relations.length, numCols: cells.length, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) },
  });
  model.options.set({ output_flag: false });
  return model;
}
