/**
 * Writes a build's figures inside its transaction. Figures are stored as numbers in
 * indicator_figure, appended a DuckDB data chunk at a time (each column copied from a typed array),
 * with codes into three small tables for their indicator and period (indicator_period), area
 * (indicator_area) and texts (indicator_text: the withholding reason, comparison, trend and RAG);
 * the indicator_value view joins them back. An incremental build keeps the codes already given and
 * adds new ones.
 */
import { BOOLEAN, DATE, DOUBLE, INTEGER, VARCHAR, dateValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { appendRows, ColumnAppender, type Column } from '../db/column-appender.ts';
import type { WriteTransaction } from '../db/database.ts';
import type { AreaHierarchy } from './area-hierarchy.ts';
import { JUDGEMENT, RAG, SIGNIFICANCE, TREND_DIRECTION, TREND_JUDGEMENT, withheldReasonText, WITHHELD, type CountedFigures } from './counted-figures.ts';
import type { IndicatorValue } from './indicator-value.ts';

/** Staged rows are moved into indicator_figure once this many have gathered (and at the end). */
const MOVE_ROWS = 1 << 20;
/** build_id, slot, area, numerator, denominator, value, lower, upper, text_code. */
const FIGURE_TYPES: readonly DuckDBType[] = [INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, INTEGER];

function toDate(start: string): DuckDBValue {
  return dateValue(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)) - 1, Number(start.slice(8, 10) || '1')) / 86_400_000);
}

/** One more than the largest code given so far (0 for none). */
function nextCode(codes: ReadonlyMap<string, number>): number {
  let next = 0;
  for (const code of codes.values()) if (code >= next) next = code + 1;
  return next;
}

/** The codes a build writes with: those already in the database, and the new ones to add. */
type Codes = {
  slots: Map<string, number>;
  areas: Map<string, number>;
  texts: Map<string, number>;
  nextSlot: number;
  nextArea: number;
  nextText: number;
};

/** The key of an (indicator, period) slot in Codes.slots. */
const slotKey = (indicator: string, period: string): string => `${indicator}|${period}`;

/** The slots already stored, by slotKey. */
async function readSlots(tx: WriteTransaction): Promise<Map<string, number>> {
  const rows = await tx.all(`SELECT slot, indicator_id, period_id FROM indicator_period`);
  return new Map(rows.map((r) => [slotKey(String(r.indicator_id), String(r.period_id)), Number(r.slot)]));
}

/** Deletes from each table the rows of the slots given (`in`), or of every other slot (`not in`). */
async function deleteSlots(tx: WriteTransaction, tables: readonly string[], which: 'in' | 'not in', slots: readonly number[]): Promise<void> {
  await tx.run(`CREATE OR REPLACE TEMP TABLE build_slots (slot INTEGER)`);
  await appendRows(tx, 'build_slots', [INTEGER], slots.map((slot) => [slot]));
  for (const table of tables) await tx.run(`DELETE FROM ${table} WHERE slot ${which === 'in' ? 'IN' : 'NOT IN'} (SELECT slot FROM build_slots)`);
  await tx.run(`DROP TABLE build_slots`);
}

/** Reads the area and text codes already stored, so that new figures reuse them, and where new codes start. */
async function readStoredCodes(tx: WriteTransaction, codes: Codes): Promise<void> {
  for (const r of await tx.all(`SELECT area, code FROM indicator_area`)) codes.areas.set(String(r.code), Number(r.area));
  for (const r of await tx.all(`SELECT text_code, suppressed, suppression_reason, comparison, trend, rag FROM indicator_text`)) {
    codes.texts.set(JSON.stringify([r.suppressed, r.suppression_reason, r.comparison, r.trend, r.rag]), Number(r.text_code));
  }
  codes.nextSlot = nextCode(codes.slots);
  codes.nextArea = nextCode(codes.areas);
  codes.nextText = nextCode(codes.texts);
}

/**
 * Collects one build's figures; call `finish` before the transaction commits. Figures are appended
 * to a temporary staging table (cheap: no compression), and moved into indicator_figure by an
 * INSERT … SELECT that runs while the next indicators are computed; it also turns the NaN that
 * stands for null in the staged numbers into NULL.
 */
export class IndicatorValueWriter {
  private readonly newSlots: DuckDBValue[][] = [];
  private readonly newAreas: DuckDBValue[][] = [];
  private readonly newTexts: DuckDBValue[][] = [];
  /** Area code of each hierarchy area, by hierarchy index. */
  private readonly areaCodes: Int32Array;
  private rows = 0;
  private staged = 0;
  private stage: ColumnAppender | null = null;
  /** The move of staged rows under way, if any. */
  private moving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly tx: WriteTransaction,
    private readonly buildId: number,
    private readonly hierarchy: AreaHierarchy,
    private readonly codes: Codes,
  ) {
    this.areaCodes = Int32Array.from(hierarchy.areas, (a) => {
      let code = codes.areas.get(a.code);
      if (code === undefined) {
        code = codes.nextArea++;
        codes.areas.set(a.code, code);
        this.newAreas.push([code, a.code, a.level]);
      }
      return code;
    });
  }

  /**
   * Starts writing a build. A full build empties the figures and their codes, but for the
   * (indicator, period) pairs it keeps (their raw rows were purged); an incremental one first
   * removes the figures of the (indicator, period) pairs it replaces.
   */
  static async open(
    tx: WriteTransaction,
    buildId: number,
    hierarchy: AreaHierarchy,
    scope:
      | { full: true; keep?: readonly { indicator: string; periods: readonly string[] }[] }
      | { full: false; replace: readonly { indicator: string; periods: readonly string[] }[] },
  ): Promise<IndicatorValueWriter> {
    const codes: Codes = { slots: new Map(), areas: new Map(), texts: new Map(), nextSlot: 0, nextArea: 0, nextText: 0 };
    const keep = scope.full ? new Set((scope.keep ?? []).flatMap((k) => k.periods.map((p) => slotKey(k.indicator, p)))) : new Set<string>();
    if (scope.full && keep.size === 0) {
      for (const table of ['indicator_figure', 'indicator_period', 'indicator_area', 'indicator_text']) await tx.run(`DELETE FROM ${table}`);
    } else if (scope.full) {
      // Everything goes but the kept figures, their slots and the area and text codes they use.
      for (const [key, slot] of await readSlots(tx)) if (keep.has(key)) codes.slots.set(key, slot);
      await deleteSlots(tx, ['indicator_figure', 'indicator_period'], 'not in', [...codes.slots.values()]);
      await readStoredCodes(tx, codes);
    } else {
      codes.slots = await readSlots(tx);
      await readStoredCodes(tx, codes);
      const replaced = scope.replace.flatMap((r) => r.periods.map((p) => codes.slots.get(slotKey(r.indicator, p)))).filter((s): s is number => s !== undefined);
      if (replaced.length > 0) await deleteSlots(tx, ['indicator_figure'], 'in', replaced);
    }
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE build_stage (build_id INTEGER, slot INTEGER, area INTEGER, numerator DOUBLE, denominator DOUBLE,
         value DOUBLE, lower DOUBLE, upper DOUBLE, text_code INTEGER)`,
    );
    return new IndicatorValueWriter(tx, buildId, hierarchy, codes);
  }

  /** The staging appender, once any move under way has finished with the connection. */
  private async stageAppender(): Promise<ColumnAppender> {
    if (!this.stage) {
      await this.moving;
      this.stage = new ColumnAppender(await this.tx.appender('build_stage', 'temp'), FIGURE_TYPES);
    }
    return this.stage;
  }

  /** Starts moving the staged rows into indicator_figure (awaited before the connection is used again). */
  private startMove(): void {
    if (this.staged === 0) return;
    this.stage?.close();
    this.stage = null;
    this.staged = 0;
    const { tx } = this;
    const move = async () => {
      await tx.run(
        `INSERT INTO indicator_figure
         SELECT build_id, slot, area, nullif(numerator, 'NaN'::DOUBLE), nullif(denominator, 'NaN'::DOUBLE), nullif(value, 'NaN'::DOUBLE),
                nullif(lower, 'NaN'::DOUBLE), nullif(upper, 'NaN'::DOUBLE), text_code
         FROM build_stage`,
      );
      await tx.run(`DELETE FROM build_stage`);
    };
    this.moving = this.moving.then(move);
    // Awaited in stageAppender or finish; a failure must not surface as an unhandled rejection first.
    this.moving.catch(() => undefined);
  }

  private async append(columns: readonly Column[], rows: number): Promise<void> {
    (await this.stageAppender()).append(columns, rows);
    this.staged += rows;
    this.rows += rows;
  }

  private textCode(suppressed: boolean, reason: string | null, comparison: string | null, trend: string | null, rag: string | null): number {
    const key = JSON.stringify([suppressed, reason, comparison, trend, rag]);
    let code = this.codes.texts.get(key);
    if (code === undefined) {
      code = this.codes.nextText++;
      this.codes.texts.set(key, code);
      this.newTexts.push([code, suppressed, reason, comparison, trend, rag]);
    }
    return code;
  }

  private slot(indicator: string, periodId: string, start: string): number {
    const key = slotKey(indicator, periodId);
    let slot = this.codes.slots.get(key);
    if (slot === undefined) {
      slot = this.codes.nextSlot++;
      this.codes.slots.set(key, slot);
      this.newSlots.push([slot, indicator, periodId, toDate(start)]);
    }
    return slot;
  }

  /** Writes the published periods of one counted indicator, period by period; returns the number of rows. */
  async writeCounted(figures: CountedFigures): Promise<number> {
    const { hierarchy } = this;
    const nP = figures.periods.length;
    const nA = hierarchy.areas.length;
    // Texts of a cell by a small key: the comparison (benchmark area, significance, judgement) gets
    // an id, and the rest (trend, RAG, reason) packs into 16 bits beside it.
    const reasons: (string | null)[] = [null];
    const reasonIds = new Map<string, number>();
    const comparisonIds = new Int32Array(nA * 32).fill(-1);
    const comparisonTexts: (string | null)[] = [null];
    const byKey = new Map<number, number>();
    const textsOf = (i: number): number => {
      const withheld = figures.withheld[i] ?? WITHHELD.none;
      let reasonId = 0;
      if (withheld !== WITHHELD.none) {
        const text = withheldReasonText(withheld, figures.threshold[i] ?? 0) ?? '';
        reasonId = reasonIds.get(text) ?? reasons.length;
        if (reasonId === reasons.length) {
          reasonIds.set(text, reasonId);
          reasons.push(text);
        }
      }
      const bench = figures.benchmark[i] ?? -1;
      let comparison = 0;
      if (bench >= 0) {
        const sig = figures.significance[i] ?? 0;
        const jud = figures.judgement[i] ?? 0;
        const at = bench * 32 + sig * 5 + jud;
        comparison = comparisonIds[at] ?? -1;
        if (comparison < 0) {
          comparison = comparisonTexts.length;
          comparisonIds[at] = comparison;
          comparisonTexts.push(JSON.stringify({ benchmark: hierarchy.areas[bench]!.code, significance: SIGNIFICANCE[sig], judgement: JUDGEMENT[jud] }));
        }
      }
      const dir = figures.trendDirection[i] ?? 3;
      const tj = figures.trendJudgement[i] ?? 0;
      const used = figures.trendPeriods[i] ?? 0;
      const rag = figures.rag[i] ?? 0;
      const key = comparison * 65536 + (((dir * 4 + tj) * 8 + used) * 8 + rag) * 16 + reasonId;
      let code = byKey.get(key);
      if (code === undefined) {
        const trend = JSON.stringify({ direction: TREND_DIRECTION[dir], judgement: TREND_JUDGEMENT[tj] ?? null, periodsUsed: used });
        code = this.textCode(withheld !== WITHHELD.none, reasons[reasonId] ?? null, comparisonTexts[comparison] ?? null, trend, RAG[rag] ?? null);
        byKey.set(key, code);
      }
      return code;
    };

    let written = 0;
    const slot = new Int32Array(nA);
    const build = new Int32Array(nA).fill(this.buildId);
    const numerator = new Float64Array(nA);
    const value = new Float64Array(nA);
    const lower = new Float64Array(nA);
    const upper = new Float64Array(nA);
    const texts = new Int32Array(nA);
    // A population denominator is one column for every period; an indicator's changes by period.
    const byPeriod = figures.periodDenominator;
    const denominator = figures.denominator ?? new Float64Array(nA);
    for (let t = 0; t < nP; t++) {
      if (!figures.publish[t]) continue;
      const period = figures.periods[t]!;
      slot.fill(this.slot(figures.definition.id, period.id, period.start));
      for (let a = 0; a < nA; a++) {
        const i = a * nP + t;
        numerator[a] = figures.numerator[i]!;
        value[a] = figures.value[i]!;
        lower[a] = figures.lower[i]!;
        upper[a] = figures.upper[i]!;
        texts[a] = textsOf(i);
        if (byPeriod) denominator[a] = byPeriod[i]!;
      }
      await this.append([build, slot, this.areaCodes, numerator, denominator, value, lower, upper, texts], nA);
      written += nA;
    }
    if (this.staged >= MOVE_ROWS) this.startMove();
    return written;
  }

  /** Writes figures given as objects (reference indicators); returns the number of rows. */
  async writeValues(values: readonly IndicatorValue[]): Promise<number> {
    const n = values.length;
    const areaIndex = new Map(this.hierarchy.areas.map((a, i) => [a.code, i]));
    const [build, slot, area, texts] = [new Int32Array(n).fill(this.buildId), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    const [numerator, denominator, value, lower, upper] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const number = (v: number | null) => (v === null ? Number.NaN : v);
    values.forEach((v, r) => {
      const a = areaIndex.get(v.areaCode);
      if (a === undefined) throw new RangeError(`unknown area ${v.areaCode}`);
      slot[r] = this.slot(v.indicatorId, v.periodId, v.periodStart);
      area[r] = this.areaCodes[a]!;
      numerator[r] = number(v.numerator);
      denominator[r] = number(v.denominator);
      value[r] = number(v.value);
      lower[r] = number(v.lower);
      upper[r] = number(v.upper);
      texts[r] = this.textCode(v.suppressed, v.suppressionReason, v.comparison ? JSON.stringify(v.comparison) : null, v.trend ? JSON.stringify(v.trend) : null, v.rag);
    });
    await this.append([build, slot, area, numerator, denominator, value, lower, upper, texts], n);
    return n;
  }

  /** Finishes the figures and adds the new codes; returns the number of figures written. */
  async finish(): Promise<number> {
    const { tx } = this;
    this.startMove();
    await this.moving;
    this.stage?.close();
    await tx.run(`DROP TABLE IF EXISTS build_stage`);
    await appendRows(tx, 'indicator_period', [INTEGER, VARCHAR, VARCHAR, DATE], this.newSlots);
    await appendRows(tx, 'indicator_area', [INTEGER, VARCHAR, VARCHAR], this.newAreas);
    await appendRows(tx, 'indicator_text', [INTEGER, BOOLEAN, VARCHAR, VARCHAR, VARCHAR, VARCHAR], this.newTexts);
    return this.rows;
  }
}
