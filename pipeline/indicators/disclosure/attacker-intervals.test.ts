import { describe, expect, it } from 'vitest';
import { checkProtection, loadSolver, type Relation } from './attacker-intervals.ts';

/** total = Σ parts, with the published parts folded into the total. */
const sum = (cells: number[], known: number): Relation => ({ cells, coefficients: cells.map(() => 1), lower: known, upper: known });

describe("the attacker's intervals", () => {
  it('pins two withheld cells that a published total leaves 2 for, once they are known to be at least 1', async () => {
    const highs = await loadSolver();
    // Ward of 14: published LSOAs 0 + 9 + 3 leave x + y = 2.
    const loose = checkProtection(highs, { cellCount: 2, relations: [sum([0, 1], 2)] }, [{ cell: 0, reach: 3 }, { cell: 1, reach: 3 }]);
    expect(loose.ranges).toEqual([{ cell: 0, min: 0, max: 2 }, { cell: 1, min: 0, max: 2 }]);
    expect(loose.exposures.map((e) => e.cell)).toEqual([0, 1]);
    // The old reason text ("fewer than 3 but more than 0") adds x, y ≥ 1: both are pinned at 1.
    const told = checkProtection(highs, { cellCount: 2, relations: [sum([0, 1], 2)], lower: Float64Array.of(1, 1), upper: Float64Array.of(2, 2) }, [{ cell: 0, reach: 0 }]);
    expect(told.exposures).toEqual([{ cell: 0, reach: 0, min: 1, max: 1 }]);
  });

  it('finds a cell protected when a large enough complement shares its total, and unbounded when the total is withheld too', async () => {
    const highs = await loadSolver();
    const report = checkProtection(highs, { cellCount: 2, relations: [sum([0, 1], 9)] }, [{ cell: 0, reach: 3 }, { cell: 1, reach: 0 }]);
    expect(report.exposures).toEqual([]);
    expect(report.ranges[0]).toEqual({ cell: 0, min: 0, max: 9 });
    // total withheld too: t − x − y = 0, nothing else: unbounded above.
    const open = checkProtection(highs, { cellCount: 3, relations: [{ cells: [2, 0, 1], coefficients: [1, -1, -1], lower: 0, upper: 0 }] }, [{ cell: 0, reach: 3 }]);
    expect(open.exposures).toEqual([]);
    expect(open.ranges[0]!.max).toBeGreaterThan(1000);
  });

  it('follows relations across components of different kinds (a subset indicator bounds its superset)', async () => {
    const highs = await loadSolver();
    // all (withheld, cell 0) ≥ false alarms (published 5): all − 5 ≥ 0; year = 40 = all + 30 published quarters.
    const system = { cellCount: 1, relations: [{ cells: [0], coefficients: [1], lower: 5, upper: Number.POSITIVE_INFINITY }, sum([0], 10)] };
    const report = checkProtection(highs, system, [{ cell: 0, reach: 3 }]);
    expect(report.exposures).toEqual([{ cell: 0, reach: 3, min: 10, max: 10 }]);
  });
});
