import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DisclosureInputError } from './disclosure-input-error.ts';
import { isPrimarySuppressed } from './primary-suppression.ts';
import { secondarySuppress, secondarySuppressColumns, secondarySuppressIndexed, type AdditiveGroup, type SuppressionCell } from './secondary-suppression.ts';

/** Cells and groups for a spatial tree crossed with months → one period total, counts summed upwards. */
function crossed(
  children: Record<string, readonly string[]>,
  leafCounts: Record<string, readonly number[]>,
  threshold: number,
  period = 'Q',
): { cells: SuppressionCell[]; groups: AdditiveGroup[] } {
  const months = (Object.values(leafCounts)[0] ?? []).map((_, i) => `m${i + 1}`);
  const times = [...months, period];
  const count = new Map<string, number>();
  const countOf = (area: string, t: number): number => {
    const kids = children[area];
    const monthly = (i: number): number =>
      kids ? kids.reduce((s, k) => s + countOf(k, i), 0) : (leafCounts[area]?.[i] ?? 0);
    return t < months.length ? monthly(t) : months.reduce((s, _, i) => s + monthly(i), 0);
  };
  const areas = new Set([...Object.keys(children), ...Object.values(children).flat(), ...Object.keys(leafCounts)]);
  const cells: SuppressionCell[] = [];
  for (const area of [...areas].sort()) {
    times.forEach((t, ti) => {
      const c = countOf(area, ti);
      count.set(`${area}|${t}`, c);
      cells.push({ key: `${area}|${t}`, count: c, primary: isPrimarySuppressed(c, threshold) });
    });
  }
  const groups: AdditiveGroup[] = [];
  for (const [parent, kids] of Object.entries(children)) {
    for (const t of times) groups.push({ total: `${parent}|${t}`, parts: kids.map((k) => `${k}|${t}`) });
  }
  for (const area of areas) groups.push({ total: `${area}|${period}`, parts: months.map((m) => `${area}|${m}`) });
  return { cells, groups };
}

/** Checks the disclosure invariants; returns a list of violations. */
function violations(cells: readonly SuppressionCell[], groups: readonly AdditiveGroup[], threshold: number, out: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const c of cells) {
    if (!out.has(c.key) && c.count !== null && c.count > 0 && c.count < threshold) problems.push(`published small ${c.key}`);
    if (c.primary && out.get(c.key) !== 'primary') problems.push(`primary not withheld ${c.key}`);
  }
  for (const g of groups) {
    const withheldParts = g.parts.filter((p) => out.has(p)).length;
    if (!out.has(g.total) && withheldParts === 1) problems.push(`derivable part in ${g.total}`);
    if (out.has(g.total) && withheldParts === 0 && g.parts.length > 0) problems.push(`derivable total ${g.total}`);
  }
  return problems;
}

describe('secondarySuppress: worked example', () => {
  // Ward W of LSOAs A–D over months m1–m3 and quarter Q; threshold 5.
  //        m1  m2  m3   Q
  //   A     3   8   6  17   ← A|m1 = 3 is primary
  //   B     7   9  15  31
  //   C    12  10   5  27
  //   D    20  11  30  61
  //   W    42  38  56 136
  // 1. W|m1 has one withheld part (A|m1) → withhold the smallest other non-zero LSOA, B|m1 (7).
  // 2. A|Q has one withheld month → A|m3 (6 < 8); B|Q likewise → B|m2 (9 < 15).
  // 3. W|m3 now has one withheld part (A|m3) → C|m3 (5); W|m2 has one (B|m2) → A|m2 (8).
  // 4. C|Q has one withheld month (C|m3) → C|m2 (10 < 12). Every group now has 0 or ≥ 2 withheld parts.
  const { cells, groups } = crossed(
    { W: ['A', 'B', 'C', 'D'] },
    { A: [3, 8, 6], B: [7, 9, 15], C: [12, 10, 5], D: [20, 11, 30] },
    5,
  );
  const out = secondarySuppress(cells, groups);

  it('withholds the primary cell and the complements, propagating through the months', () => {
    expect(Object.fromEntries([...out].sort())).toEqual({
      'A|m1': 'primary',
      'A|m2': 'secondary',
      'A|m3': 'secondary',
      'B|m1': 'secondary',
      'B|m2': 'secondary',
      'C|m2': 'secondary',
      'C|m3': 'secondary',
    });
    expect(violations(cells, groups, 5, out)).toEqual([]);
  });

  it('withholds the total when no published part can serve as complement', () => {
    const cs: SuppressionCell[] = [
      { key: 'T', count: 3, primary: true },
      { key: 'a', count: 3, primary: true },
      { key: 'b', count: 0, primary: false },
      { key: 'X', count: 10, primary: false },
      { key: 'Y', count: 7, primary: false },
    ];
    // X = T + Y: T is withheld and would be X − Y; Y is the only other part, so it goes.
    const out2 = secondarySuppress(cs, [{ total: 'T', parts: ['a', 'b'] }, { total: 'X', parts: ['T', 'Y'] }]);
    expect(out2.get('Y')).toBe('secondary');
    const single = secondarySuppress(
      [{ key: 'T', count: 4, primary: false }, { key: 'a', count: 4, primary: true }, { key: 'z', count: 0, primary: false }],
      [{ total: 'T', parts: ['a', 'z'] }],
    );
    expect(single.get('T')).toBe('secondary'); // only a zero part is left, so the total is withheld
  });

  it('never picks a null (unknown) cell as complement', () => {
    const out3 = secondarySuppress(
      [{ key: 'T', count: 30, primary: false }, { key: 'a', count: 2, primary: true }, { key: 'b', count: null, primary: false }, { key: 'c', count: 28, primary: false }],
      [{ total: 'T', parts: ['a', 'b', 'c'] }],
    );
    expect([...out3.keys()].sort()).toEqual(['a', 'c']);
  });

  it('rejects groups that refer to unknown cells', () => {
    expect(() => secondarySuppress([], [{ total: 'T', parts: ['a'] }])).toThrow(DisclosureInputError);
    expect(() => secondarySuppressIndexed([], [{ total: 0, parts: [1] }])).toThrow(DisclosureInputError);
  });

  it('has an indexed form returning reason codes (0 published, 1 primary, 2 secondary)', () => {
    const codes = secondarySuppressIndexed(
      [{ key: 'T', count: 20, primary: false }, { key: 'a', count: 2, primary: true }, { key: 'b', count: 9, primary: false }, { key: 'c', count: 9, primary: false }],
      [{ total: 0, parts: Int32Array.of(1, 2, 3) }],
    );
    expect([...codes]).toEqual([0, 1, 2, 0]); // tie 9/9 broken by key: b before c
  });
});

describe('secondarySuppress: properties over random hierarchies', () => {
  // Random spatial tree (root → up to 4 districts → up to 4 wards → up to 5 LSOAs) × 2–6 months.
  const hierarchy = fc.record({
    shape: fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
    months: fc.integer({ min: 2, max: 6 }),
    threshold: fc.integer({ min: 3, max: 10 }),
    seedCounts: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 400, maxLength: 400 }),
    zeroBias: fc.double({ min: 0, max: 0.5, noNaN: true }),
  });

  const build = (h: { shape: number[][]; months: number; threshold: number; seedCounts: number[]; zeroBias: number }) => {
    const children: Record<string, string[]> = { R: [] };
    const leafCounts: Record<string, number[]> = {};
    let next = 0;
    h.shape.forEach((wards, d) => {
      const district = `D${d}`;
      children.R?.push(district);
      children[district] = [];
      wards.forEach((lsoas, w) => {
        const ward = `${district}W${w}`;
        children[district]?.push(ward);
        children[ward] = [];
        for (let l = 0; l < lsoas; l += 1) {
          const lsoa = `${ward}L${l}`;
          children[ward]?.push(lsoa);
          leafCounts[lsoa] = Array.from({ length: h.months }, () => {
            const raw = h.seedCounts[next++ % h.seedCounts.length] ?? 0;
            return raw < h.zeroBias * 40 ? 0 : raw % 15; // many small counts and zeros
          });
        }
      });
    });
    return crossed(children, leafCounts, h.threshold);
  };

  it('(1)–(4): no small count published, no withheld value derivable in any group, all primaries withheld', () => {
    fc.assert(
      fc.property(hierarchy, (h) => {
        const { cells, groups } = build(h);
        expect(violations(cells, groups, h.threshold, secondarySuppress(cells, groups))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('(5) is idempotent: treating the output as primary withholds nothing more', () => {
    fc.assert(
      fc.property(hierarchy, (h) => {
        const { cells, groups } = build(h);
        const first = secondarySuppress(cells, groups);
        const again = secondarySuppress(cells.map((c) => ({ ...c, primary: first.has(c.key) })), groups);
        expect([...again.keys()].sort()).toEqual([...first.keys()].sort());
        const rerun = secondarySuppress(cells, groups);
        expect([...rerun]).toEqual([...first]); // deterministic
      }),
      { numRuns: 200 },
    );
  });
});

describe('secondarySuppressColumns: a group defining a remainder (total − part, published nowhere)', () => {
  // Cells 0–2: all incidents D = 12, false alarms N = 11, remainder R = D − N = 1 (virtual).
  const remainderGroup = (counts: number[], primary: number[]) =>
    secondarySuppressColumns(Float64Array.from(counts), Uint8Array.from(primary), {
      totals: Int32Array.of(0),
      offsets: Int32Array.of(0, 2),
      members: Int32Array.of(1, 2),
      defining: Uint8Array.of(1),
    });

  it('withholds the published part beside a small remainder, so that total − part no longer gives it away', () => {
    const reasons = remainderGroup([12, 11, 1], [0, 0, 1]);
    expect([...reasons]).toEqual([0, 2, 1]);
  });

  it('counts the remainder as unknown once the total is withheld, and withholds no real part for it', () => {
    // Without the defining flag, a withheld total with every part published costs a real part (N).
    const withoutDefining = secondarySuppressColumns(Float64Array.of(2, 1, 1), Uint8Array.of(1, 0, 0), {
      totals: Int32Array.of(0),
      offsets: Int32Array.of(0, 2),
      members: Int32Array.of(1, 2),
    });
    expect([...withoutDefining]).toEqual([1, 2, 0]);
    // As a remainder, the other part is what becomes unknown: the false alarms stay published.
    expect([...remainderGroup([2, 1, 1], [1, 0, 0])]).toEqual([1, 0, 2]);
  });

  it('backs a remainder withheld as a complement elsewhere by withholding a real cell of its group', () => {
    // Remainders R1 (cell 2) and R2 (cell 5) add up to a ward remainder W (cell 6) that is published
    // (known from the ward's published D and N); R1 is small, so R2 is withheld beside it, and R2's
    // own group (D2 = N2 + R2) must then withhold N2 or D2 for R2 to be really unknown.
    const counts = Float64Array.of(12, 11, 1, 20, 5, 15, 16);
    const primary = Uint8Array.of(0, 0, 1, 0, 0, 0, 0);
    const reasons = secondarySuppressColumns(counts, primary, {
      totals: Int32Array.of(0, 3, 6),
      offsets: Int32Array.of(0, 2, 4, 6),
      members: Int32Array.of(1, 2, 4, 5, 2, 5),
      defining: Uint8Array.of(1, 1, 0),
    });
    expect(reasons[2]).toBe(1);
    expect(reasons[5]).not.toBe(0);
    expect(reasons[0] !== 0 || reasons[1] !== 0).toBe(true);
    expect(reasons[3] !== 0 || reasons[4] !== 0).toBe(true);
  });
});
