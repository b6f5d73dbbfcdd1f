/**
 * Secondary suppression that holds against the attacker of SDC.md: after the fast group rules
 * (secondary-suppression.ts), the family's whole publication is written down as the attacker would
 * (publication-system.ts: areas, sub-periods, combined parts, subsets and their remainders) and each
 * small count's range is computed by linear programming (attacker-intervals.ts). While a small count's
 * range stays below its threshold, or a withheld figure is pinned, more cells are withheld: nearest the
 * exposed cell (in its relations, else theirs, and so on outwards), the published count that is
 * smallest among those large enough to give it the room it lacks (τ-ARGUS's idea of a protection
 * level, chosen greedily), and the whole publication is checked again, until nothing is exposed.
 *
 * Localities cut across wards, and searching with them in the system multiplies the rounds (a third
 * way to difference every LSOA). So they are settled after the search, by a rule that adds nothing:
 * a locality's count is published only where the counts it adds up from (its LSOAs, or its wards when
 * it is made of whole wards) are all published. A withheld locality the attacker can still pin (its
 * withheld LSOAs' sum is known) is published after all: it tells nothing new, and it is never a small
 * number, since published counts are 0 or at least the threshold and a small LSOA's range reaches it.
 * One last check over everything, localities included, proves it.
 */
import type { Highs } from 'highs';
import { areaChildren, type AreaHierarchy } from '../area-hierarchy.ts';
import type { CountedIndicator, NumeratorPart } from '../indicator-definition.ts';
import type { Period } from '../periods.ts';
import { checkProtection } from './attacker-intervals.ts';
import { DisclosureInputError } from './disclosure-input-error.ts';
import { buildPublicationSystem, partKey, requirementsOf, type AttackCell, type PublishedFigure } from './publication-system.ts';

/** One member of a family as published: its cells (area × period) and reason codes, which this pass may raise to 2 (secondary). */
export type PublishedMember = {
  definition: CountedIndicator;
  periods: readonly Period[];
  total: Float64Array;
  senderWithheld: Uint8Array;
  reasons: Uint8Array;
  /** For a ratio over another member: that member and, per period, its period index (-1 none). */
  ratio: { denominator: number; periodOf: Int32Array } | null;
};

/** The true LSOA × month count of a numerator part (null: withheld by the sender). */
export type MonthCount = (part: string, lsoa: number, month: string) => number | null;

export type ProtectionOptions = {
  highs: Highs;
  monthCount: MonthCount;
  threshold: (dataset: string) => number;
  /** Two parts that share no row (as the loaded rows show), beyond what their filters say. */
  disjoint?: (a: NumeratorPart, b: NumeratorPart) => boolean;
  /** Give up (with an error) after this many rounds; each round withholds at least one more cell. */
  maxRounds?: number;
  /**
   * The LSOA numbers (as monthCount takes them) an area counts; by default its own `lsoas`. A part of
   * a hierarchy (protect-by-district.ts) numbers its areas afresh but counts the whole's LSOAs.
   */
  lsoasOf?: (area: number) => readonly number[];
};

export type ProtectionSummary = {
  rounds: number;
  added: number;
  /** Withheld figures the attacker could pin (to 0, or a locality's sum), so published after all. */
  republished: number;
  checked: number;
  solves: number;
  milliseconds: number;
  /** Of which: writing the system down, and the linear programs. */
  systemMilliseconds: number;
  solveMilliseconds: number;
};

/** Raises reasons until every small count of the family is protected; returns what it did. */
export function protectPublication(hierarchy: AreaHierarchy, members: readonly PublishedMember[], options: ProtectionOptions): ProtectionSummary {
  const started = performance.now();
  const { areas } = hierarchy;
  const nA = areas.length;
  const areaIndex = new Map(areas.map((area, a) => [area.code, a]));
  const children = new Map<string, string[]>();
  areaChildren(hierarchy).forEach((kids, a) => {
    if (kids.length > 0) children.set(areas[a]!.code, kids.map((k) => areas[k]!.code));
  });
  const monthsById = new Map<string, readonly string[]>();
  for (const m of members) for (const p of m.periods) monthsById.set(p.id, p.months);
  const monthsOf = (period: string): readonly string[] => monthsById.get(period) ?? [];
  const definitions = members.map((m) => m.definition);
  const numeratorParts = members.map((m) => m.definition.numerator.parts.map(partKey));

  const lsoasOf = options.lsoasOf ?? ((a: number): readonly number[] => areas[a]?.lsoas ?? []);
  const truth = (cell: AttackCell): number | null => {
    let sum = 0;
    const lsoas = lsoasOf(areaIndex.get(cell.area) ?? -1);
    for (const term of cell.terms) {
      for (const l of lsoas) {
        for (const month of cell.months) {
          const n = options.monthCount(term.part, l, month);
          if (n === null) return null;
          sum += term.sign * n;
        }
      }
    }
    return sum;
  };
  const withheldForDenominator = (k: number, a: number, t: number): boolean => {
    const ratio = members[k]!.ratio;
    if (!ratio) return false;
    const u = ratio.periodOf[t] ?? -1;
    const other = members[ratio.denominator]!;
    return u < 0 || other.reasons[a * other.periods.length + u] !== 0;
  };

  const isLocality = areas.map((area) => area.level === 'locality');
  const searchChildren = new Map([...children].filter(([code]) => !isLocality[areaIndex.get(code) ?? -1]));
  /** What a client sees of the family, with or without the localities. */
  const publishedFigures = (withLocalities: boolean): PublishedFigure[] => {
    const figures: PublishedFigure[] = [];
    members.forEach((m, k) => {
      const nP = m.periods.length;
      for (let a = 0; a < nA; a++) {
        if (isLocality[a] && !withLocalities) continue;
        for (let t = 0; t < nP; t++) {
          const i = a * nP + t;
          const forDenominator = withheldForDenominator(k, a, t);
          const withheld = m.reasons[i] !== 0 || forDenominator;
          let denominatorCount: number | null = null;
          if (m.ratio && !forDenominator) {
            const other = members[m.ratio.denominator]!;
            denominatorCount = other.total[a * other.periods.length + (m.ratio.periodOf[t] ?? 0)] ?? null;
          }
          figures.push({
            indicator: m.definition.id,
            area: areas[a]!.code,
            period: m.periods[t]!.id,
            count: withheld ? null : (m.total[i] ?? null),
            withheld,
            byProvider: m.senderWithheld[i] === 1,
            denominatorCount,
          });
        }
      }
    });
    return figures;
  };

  let rounds = 0;
  let added = 0;
  let checked = 0;
  let solves = 0;
  let pending: Set<string> | null = null;
  const republishedZeros = new Set<string>();
  let republished = 0;
  let systemMilliseconds = 0;
  let solveMilliseconds = 0;
  /** The attacker's check of what would be published (with or without the localities), of the cells `only` names or all. */
  const attack = (withLocalities: boolean, only: ReadonlySet<string> | null) => {
    const figures = publishedFigures(withLocalities);
    const t0 = performance.now();
    const system = buildPublicationSystem({ figures, definitions, children: withLocalities ? children : searchChildren, monthsOf, ...(options.disjoint ? { disjoint: options.disjoint } : {}) });
    if (system.inconsistent.length > 0) throw new DisclosureInputError(`the family's figures do not add up: ${system.inconsistent.slice(0, 3).join('; ')}`);
    const all = requirementsOf(system, truth, options.threshold);
    const requirements = only === null ? all : all.filter((r) => only.has(system.cells[system.unknownCells[r.cell]!]!.key));
    const t1 = performance.now();
    const report = checkProtection(options.highs, system.system, requirements);
    systemMilliseconds += t1 - t0;
    solveMilliseconds += performance.now() - t1;
    checked += report.checked;
    solves += report.solves;
    return { system, report };
  };
  for (;;) {
    rounds++;
    // Withholding more only widens the attacker's ranges, so a requirement met stays met: after the
    // first round only the cells still exposed and those newly withheld are checked again.
    const { system, report } = attack(false, pending);
    if (report.exposures.length === 0) break;
    if (rounds >= (options.maxRounds ?? 100)) {
      throw new DisclosureInputError(`${report.exposures.length} small counts still exposed after ${rounds} rounds of secondary suppression`);
    }

    // Member cells behind each cell of the system, and the relations each cell is in.
    const memberCells = new Map<number, { k: number; i: number }[]>();
    members.forEach((m, k) => {
      const nP = m.periods.length;
      for (let a = 0; a < nA; a++) {
        for (let t = 0; t < nP; t++) {
          const c = system.cellAt(numeratorParts[k]!, areas[a]!.code, m.periods[t]!.months);
          if (c !== undefined) memberCells.set(c, [...(memberCells.get(c) ?? []), { k, i: a * nP + t }]);
        }
      }
    });
    const relationsOf = new Map<number, number[]>();
    system.written.forEach((cells, r) => cells.forEach((c) => relationsOf.set(c, [...(relationsOf.get(c) ?? []), r])));
    // A figure withheld beside others that the attacker pins to 0 can give no room (nothing below 0)
    // and tells nothing (a zero is published anyway): publish it again rather than spend round after
    // round unpinning a chain of zeros, and never choose it again. Nothing the attacker can
    // derive changes.
    const zeros = report.exposures.filter((e) => {
      const behind = memberCells.get(system.unknownCells[e.cell]!) ?? [];
      return e.reach === 0 && e.max === 0 && behind.length > 0 && behind.every(({ k, i }) => members[k]!.reasons[i] === 2 && members[k]!.senderWithheld[i] === 0);
    });
    for (const e of zeros) {
      const cell = system.unknownCells[e.cell]!;
      republishedZeros.add(system.cells[cell]!.key);
      for (const { k, i } of memberCells.get(cell)!) members[k]!.reasons[i] = 0;
      republished++;
    }
    const chosen = new Set<number>();
    for (const exposure of report.exposures) {
      if (zeros.includes(exposure)) continue;
      const cell = system.unknownCells[exposure.cell]!;
      const value = truth(system.cells[cell]!) ?? 0;
      const need = exposure.reach > 0 ? Math.max(1, exposure.reach - value) : 1;
      // The published cells nearest the exposed one (fewest relations away) that give it room.
      let best = -1;
      let bestScore = Number.POSITIVE_INFINITY;
      const seen = new Set<number>([cell]);
      let frontier = [cell];
      while (best < 0 && frontier.length > 0) {
        const next: number[] = [];
        for (const c of frontier) {
          for (const r of relationsOf.get(c) ?? []) {
            for (const d of system.written[r]!) {
              if (seen.has(d)) continue;
              seen.add(d);
              next.push(d);
              const known = system.cells[d]!.known;
              if (Number.isNaN(known) || !memberCells.has(d) || chosen.has(d) || republishedZeros.has(system.cells[d]!.key)) continue;
              // Smallest count that gives the room needed; otherwise the largest there is.
              const score = known >= need ? known : 1e12 - known;
              if (score < bestScore) {
                best = d;
                bestScore = score;
              }
            }
          }
        }
        frontier = next;
      }
      if (best < 0) continue;
      chosen.add(best);
    }
    if (chosen.size === 0 && zeros.length < report.exposures.length) {
      const labels = report.exposures.slice(0, 3).map((e) => system.cells[system.unknownCells[e.cell]!]!.label);
      throw new DisclosureInputError(`${report.exposures.length} small counts exposed (${labels.join('; ')}) and no published cell near them to withhold`);
    }
    pending = new Set(report.exposures.filter((e) => !zeros.includes(e)).map((e) => system.cells[system.unknownCells[e.cell]!]!.key));
    for (const c of chosen) {
      pending.add(system.cells[c]!.key);
      for (const { k, i } of memberCells.get(c) ?? []) {
        if (members[k]!.reasons[i] === 0) {
          members[k]!.reasons[i] = 2;
          added++;
        }
      }
    }
  }

  if (isLocality.some(Boolean)) {
    // The localities, by the rule above; then the attacker's check over everything.
    const covers = localityCovers(hierarchy);
    // Members counting the same rows over the same months (a ratio and its numerator's own indicator)
    // show one count: it is shown where any of them publishes it (a ratio withheld only for its
    // denominator does not withhold its numerator's count).
    const sameCount = new Map<string, { k: number; t: number }[]>();
    members.forEach((m, k) =>
      m.periods.forEach((p, t) => {
        const key = `${numeratorParts[k]!.join('+')}|${p.months.join()}`;
        sameCount.set(key, [...(sameCount.get(key) ?? []), { k, t }]);
      }),
    );
    const groupOf = (k: number, t: number) => sameCount.get(`${numeratorParts[k]!.join('+')}|${members[k]!.periods[t]!.months.join()}`)!;
    const shown = (k: number, a: number, t: number): boolean =>
      groupOf(k, t).some(({ k: j, t: u }) => members[j]!.reasons[a * members[j]!.periods.length + u] === 0 && !withheldForDenominator(j, a, u));
    const withhold = (k: number, i: number): void => {
      if (members[k]!.reasons[i] !== 0) return;
      members[k]!.reasons[i] = 2;
      added++;
    };
    for (const [a, ways] of covers) {
      members.forEach((m, k) => {
        for (let t = 0; t < m.periods.length; t++) if (!ways.some((parts) => parts.every((p) => shown(k, p, t)))) withhold(k, a * m.periods.length + t);
      });
      // One of a group withheld withholds the others: a count published by one indicator and withheld by another says nothing withheld.
      for (const group of sameCount.values()) {
        if (group.some(({ k, t }) => members[k]!.reasons[a * members[k]!.periods.length + t] !== 0)) {
          for (const { k, t } of group) withhold(k, a * members[k]!.periods.length + t);
        }
      }
    }
    const check = () => {
      const { system, report } = attack(true, null);
      return { system, exposures: report.exposures.map((e) => ({ ...e, cell: system.unknownCells[e.cell]! })) };
    };
    const { system, exposures } = check();
    const release = (cell: number): boolean => {
      const a = areaIndex.get(system.cells[cell]!.area) ?? -1;
      if (!isLocality[a]) return false;
      const behind = members.flatMap((m, k) => m.periods.flatMap((p, t) => (system.cellAt(numeratorParts[k]!, areas[a]!.code, p.months) === cell ? [{ k, i: a * m.periods.length + t }] : [])));
      // Only what the rules withheld (reason 2, not the sender's). A denominator published again also
      // publishes the ratios over it whose own reason is 0, but their numerators' locality counts add
      // up from published LSOAs (the rule above), so nothing new is told.
      if (behind.length === 0 || !behind.every(({ k, i }) => members[k]!.reasons[i] === 2 && members[k]!.senderWithheld[i] === 0)) return false;
      for (const { k, i } of behind) members[k]!.reasons[i] = 0;
      republished += behind.length;
      return true;
    };
    const stuck = exposures.filter((e) => !(e.reach === 0 && release(e.cell)));
    const again = stuck.length === 0 && exposures.length > 0 ? check().exposures : [];
    for (const [label, left] of [['could not be published again', stuck], ['stayed exposed once published', again]] as const) {
      if (left.length > 0) {
        const cells = left.slice(0, 3).map((e) => e.cell);
        throw new DisclosureInputError(`${left.length} figures exposed once localities were added ${label}: ${cells.map((c) => system.cells[c]?.label ?? `#${c}`).join('; ')}`);
      }
    }
  }
  return {
    rounds,
    added,
    republished,
    checked,
    solves,
    milliseconds: Math.round(performance.now() - started),
    systemMilliseconds: Math.round(systemMilliseconds),
    solveMilliseconds: Math.round(solveMilliseconds),
  };
}

/** Each locality's ways to add up from other areas: its LSOAs, and its wards when it is made of whole wards. */
function localityCovers(hierarchy: AreaHierarchy): Map<number, number[][]> {
  const covers = new Map<number, number[][]>();
  const wards = hierarchy.areas.flatMap((area, w) => (area.level === 'ward' ? [w] : []));
  hierarchy.areas.forEach((area, a) => {
    if (area.level !== 'locality' || area.lsoas.length === 0) return;
    const inside = new Set(area.lsoas);
    const whole = wards.filter((w) => hierarchy.areas[w]!.lsoas.length > 0 && hierarchy.areas[w]!.lsoas.every((l) => inside.has(l)));
    const covered = whole.reduce((n, w) => n + hierarchy.areas[w]!.lsoas.length, 0);
    covers.set(a, covered === inside.size ? [[...area.lsoas], whole] : [[...area.lsoas]]);
  });
  return covers;
}
