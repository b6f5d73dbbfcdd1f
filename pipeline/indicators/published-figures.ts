/**
 * Every read of published figures that leaves the database goes through here:
 * the latest complete build (a build is one transaction, so readers see whole
 * builds only), the disclosure flags stored beside each figure, and the rule
 * that an indicator whose agreement has lapsed publishes nothing.
 */
import { z } from 'zod';
import { agreementInForce } from '../agreements/load-agreements.ts';
import type { Agreement } from '../agreements/agreement-schema.ts';
import type { Database } from '../db/database.ts';
import { AgreementError, InputError, NotFoundError } from '../errors.ts';
import { LEVELS, levelSchema, type Level } from './area-hierarchy.ts';
import { sourceDatasets, type IndicatorDefinition } from './indicator-definition.ts';
import { publishedFigure, type FigureAudience, type PublishedFigure } from './indicator-value.ts';
import { monthsOfPeriod } from './periods.ts';

/** The build each open database last committed, as announced by the build (or read once at first use). */
const builds = new WeakMap<Database, number>();

/** Called by the build once its transaction has committed: published figures change only here. */
export function announceBuild(db: Database, buildId: number): void {
  builds.set(db, Math.max(builds.get(db) ?? 0, buildId));
}

/** The id of the latest complete build (0 before the first), read from the database once per process. */
export async function latestBuildId(db: Database): Promise<number> {
  const known = builds.get(db);
  if (known !== undefined) return known;
  const rows = z.array(z.object({ id: z.number() })).parse(await db.all(`SELECT coalesce(max(build_id), 0)::INTEGER AS id FROM indicator_build`));
  announceBuild(db, rows[0]?.id ?? 0);
  return builds.get(db) ?? 0;
}

/** The build id known in memory without a query, or null before latestBuildId has run once. */
export function knownBuildId(db: Database): number | null {
  return builds.get(db) ?? null;
}

const catalogueRow = z.object({ indicator_id: z.string(), period_id: z.string(), start: z.string(), levels: z.array(z.string()) });
const periodRow = z.object({ id: z.string().nullable() });
const countRow = z.object({ n: z.number() });
const builtRow = z.object({ built: z.string().nullable() });
const areaRow = z.object({
  code: z.string(),
  name: z.string(),
  level: levelSchema,
  ward_code: z.string().nullable(),
  lad_code: z.string().nullable(),
  partnership_code: z.string().nullable(),
  ward_name: z.string().nullable(),
  lad_name: z.string().nullable(),
});
const spreadRow = z.object({
  indicator_id: z.string(),
  period_id: z.string(),
  area_code: z.string(),
  min: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  max: z.number().nullable(),
  areas: z.number().nullable(),
});

/** One area as the figures name it: its level and the areas above it. */
export type FigureArea = z.infer<typeof areaRow>;
/** A published figure for one area. */
export type AreaFigure = { area: string; name: string } & PublishedFigure;
/** A published figure at one period of a series. */
export type SeriesPoint = { periodId: string; periodStart: string } & PublishedFigure;
/** The spread of an indicator's published figures across the areas of one level. */
export type Spread = { min: number | null; q1: number | null; median: number | null; q3: number | null; max: number | null; areas: number };
/** One indicator in an area's profile: the figures of the area, its benchmark and the partnership at the chosen period. */
export type ProfileEntry = {
  definition: IndicatorDefinition;
  periodId: string;
  area: PublishedFigure;
  benchmark: PublishedFigure | null;
  partnership: PublishedFigure | null;
  spread: Spread | null;
};

/** Published figures of an observatory, read with the lapsed-agreement rule applied on `today`. */
export class PublishedFigures {
  constructor(
    readonly db: Database,
    private readonly definitions: readonly IndicatorDefinition[],
    private readonly agreements: readonly Agreement[],
    private readonly today: () => string,
  ) {}

  /** The indicator with this id, or a not-found error naming the parameter. */
  definition(id: string): IndicatorDefinition {
    const definition = this.definitions.find((d) => d.id === id);
    if (!definition) throw new NotFoundError(`no indicator "${id}"; GET /api/indicators lists them`, { field: 'id' });
    return definition;
  }

  /** Why an indicator's figures are withdrawn today (an agreement of a source not in force), or null. */
  withdrawalReason(definition: IndicatorDefinition): string | null {
    for (const dataset of sourceDatasets(definition, this.definitions)) {
      try {
        agreementInForce(this.agreements, dataset, this.today());
      } catch (error) {
        if (error instanceof AgreementError) return `withdrawn: ${error.message}`;
        throw error;
      }
    }
    return null;
  }

  /** When the latest build finished (ISO 8601, UTC), or null before the first build. */
  async builtAt(): Promise<string | null> {
    const rows = z.array(builtRow).parse(await this.db.all(`SELECT strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS built FROM indicator_build`));
    return rows[0]?.built ?? null;
  }

  /** Per indicator: its published periods (oldest first) and the levels it publishes. */
  async catalogue(): Promise<Map<string, { periods: string[]; levels: Level[] }>> {
    const rows = z.array(catalogueRow).parse(
      await this.db.all(
        `SELECT indicator_id, period_id, min(period_start)::VARCHAR AS start, list(DISTINCT level) AS levels
         FROM indicator_value GROUP BY indicator_id, period_id ORDER BY indicator_id, start, period_id`,
      ),
    );
    const byIndicator = new Map<string, { periods: string[]; levels: Set<string> }>();
    for (const row of rows) {
      const entry = byIndicator.get(row.indicator_id) ?? { periods: [], levels: new Set<string>() };
      entry.periods.push(row.period_id);
      for (const level of row.levels) entry.levels.add(level);
      byIndicator.set(row.indicator_id, entry);
    }
    return new Map([...byIndicator].map(([id, entry]) => [id, { periods: entry.periods, levels: LEVELS.filter((l) => entry.levels.has(l)) }]));
  }

  /** The latest period an indicator publishes (at a level, if given), or null when it has none. */
  async latestPeriod(indicatorId: string, level?: Level): Promise<string | null> {
    const rows = z.array(periodRow).parse(
      await this.db.all(
        `SELECT arg_max(period_id, period_start) AS id FROM indicator_value WHERE indicator_id = $id AND ($level IS NULL OR level = $level)`,
        { id: indicatorId, level: level ?? null },
      ),
    );
    return rows[0]?.id ?? null;
  }

  /** An indicator's figures for every area of a level at a period (by area code); not found if the period is not published. */
  async areaFigures(definition: IndicatorDefinition, level: Level, period: string, audience: FigureAudience = 'public'): Promise<AreaFigure[]> {
    const rows = await this.db.all(
      `SELECT v.area_code AS area, a.name, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed,
              v.suppression_reason, v.comparison, v.trend, v.rag
       FROM indicator_value v JOIN area a ON a.code = v.area_code
       WHERE v.indicator_id = $id AND v.level = $level AND v.period_id = $period
       ORDER BY v.area_code`,
      { id: definition.id, level, period },
    );
    if (rows.length === 0) {
      const known = z.array(countRow).parse(
        await this.db.all(`SELECT count(*)::INTEGER AS n FROM indicator_value WHERE indicator_id = $id AND period_id = $period`, { id: definition.id, period }),
      );
      if ((known[0]?.n ?? 0) === 0) throw new NotFoundError(`indicator "${definition.id}" has no period "${period}"`, { field: 'period' });
    }
    const withdrawn = this.withdrawalReason(definition);
    const named = z.object({ area: z.string(), name: z.string() });
    return rows.map((row) => ({ ...named.parse(row), ...publishedFigure(row, withdrawn, audience) }));
  }

  /** One area's figures for an indicator over time, oldest first. */
  async series(definition: IndicatorDefinition, areaCode: string, audience: FigureAudience = 'public'): Promise<SeriesPoint[]> {
    const rows = await this.db.all(
      `SELECT period_id, period_start::VARCHAR AS start, numerator, denominator, value, lower, upper, suppressed, suppression_reason, comparison, trend, rag
       FROM indicator_value WHERE indicator_id = $id AND area_code = $area ORDER BY period_start`,
      { id: definition.id, area: areaCode },
    );
    const withdrawn = this.withdrawalReason(definition);
    const when = z.object({ period_id: z.string(), start: z.string() });
    return rows.map((row) => {
      const { period_id, start } = when.parse(row);
      return { periodId: period_id, periodStart: start, ...publishedFigure(row, withdrawn, audience) };
    });
  }

  /** An indicator's figures for every area of a level, in one period or (period null) every period, oldest first. */
  async levelSeries(definition: IndicatorDefinition, level: Level, period: string | null): Promise<Array<{ areaCode: string } & SeriesPoint>> {
    const rows = await this.db.all(
      `SELECT area_code, period_id, period_start::VARCHAR AS start, numerator, denominator, value, lower, upper, suppressed, suppression_reason, comparison, trend, rag
       FROM indicator_value
       WHERE indicator_id = $id AND level = $level AND ($period IS NULL OR period_id = $period)
       ORDER BY period_start, area_code`,
      { id: definition.id, level, period },
    );
    const withdrawn = this.withdrawalReason(definition);
    const where = z.object({ area_code: z.string(), period_id: z.string(), start: z.string() });
    return rows.map((row) => {
      const { area_code, period_id, start } = where.parse(row);
      return { areaCode: area_code, periodId: period_id, periodStart: start, ...publishedFigure(row, withdrawn) };
    });
  }

  /** An area's name (the partnership's, a district's, a ward's…), or null when there is no such area. */
  async areaName(code: string): Promise<string | null> {
    const rows = z.array(z.object({ name: z.string() })).parse(await this.db.all(`SELECT name FROM area WHERE code = $code`, { code }));
    return rows[0]?.name ?? null;
  }

  /** An area of the partnership with the ward and local authority it lies in, or a not-found error naming `field`. */
  async area(code: string, field: string): Promise<FigureArea> {
    const rows = z.array(areaRow).parse(
      await this.db.all(
        `SELECT a.code, a.name, a.level, a.ward_code, a.lad_code, a.partnership_code, w.name AS ward_name, l.name AS lad_name
         FROM area a LEFT JOIN area w ON w.code = a.ward_code LEFT JOIN area l ON l.code = a.lad_code AND l.level = 'lad'
         WHERE a.code = $code`,
        { code },
      ),
    );
    const area = rows[0];
    if (!area) throw new NotFoundError(`no area "${code}" in the partnership`, { field });
    return area;
  }

  /** Names of the areas of a level, by code. */
  async areaNames(level: Level): Promise<Map<string, string>> {
    const rows = z.array(z.object({ code: z.string(), name: z.string() })).parse(await this.db.all(`SELECT code, name FROM area WHERE level = $level`, { level }));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /**
   * Every indicator for an area at its latest period starting by the end of `asOf` (a period id; the
   * latest of all when null), beside its benchmark and the partnership, with the spread across areas of
   * the area's level.
   */
  async profile(area: FigureArea, benchmark: string | null, asOf: string | null): Promise<ProfileEntry[]> {
    const months = asOf === null ? [] : monthsOfPeriod(asOf);
    if (asOf !== null && months.length === 0) throw new InputError(`"${asOf}" covers no months; give a month, quarter, financial year or rolling period`, { field: 'period' });
    const until = months.length > 0 ? `${months[months.length - 1]}-01` : null;
    const partnership = area.partnership_code;
    const rows = await this.db.all(
      `WITH chosen AS (
         SELECT indicator_id, arg_max(period_id, period_start) AS period_id
         FROM indicator_value
         WHERE level = $level AND ($until IS NULL OR period_start <= CAST($until AS DATE))
         GROUP BY indicator_id
       ),
       spread AS (
         SELECT v.indicator_id, min(v.value) AS min, quantile_cont(v.value, 0.25) AS q1, median(v.value) AS median,
                quantile_cont(v.value, 0.75) AS q3, max(v.value) AS max, count(v.value)::INTEGER AS areas
         FROM indicator_value v JOIN chosen USING (indicator_id, period_id)
         WHERE v.level = $level AND NOT v.suppressed GROUP BY v.indicator_id
       )
       SELECT c.indicator_id, c.period_id, v.area_code, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed, v.suppression_reason, v.comparison, v.trend, v.rag,
              s.min, s.q1, s.median, s.q3, s.max, s.areas
       FROM chosen c
       JOIN indicator_value v ON v.indicator_id = c.indicator_id AND v.period_id = c.period_id
       LEFT JOIN spread s ON s.indicator_id = c.indicator_id
       WHERE v.area_code IN ($code, $benchmark, $partnership)`,
      { level: area.level, until, code: area.code, benchmark, partnership },
    );
    const parsed = rows.map((row) => ({ row, keys: spreadRow.parse(row) }));
    return this.definitions.flatMap((definition) => {
      const own = parsed.filter((r) => r.keys.indicator_id === definition.id);
      const mine = own.find((r) => r.keys.area_code === area.code);
      if (!mine) return [];
      const withdrawn = this.withdrawalReason(definition);
      const figureOf = (code: string | null) => {
        const found = code === null ? undefined : own.find((r) => r.keys.area_code === code);
        return found ? publishedFigure(found.row, withdrawn) : null;
      };
      const { min, q1, median, q3, max, areas } = mine.keys;
      return [
        {
          definition,
          periodId: mine.keys.period_id,
          area: publishedFigure(mine.row, withdrawn),
          benchmark: figureOf(benchmark),
          partnership: figureOf(partnership),
          spread: withdrawn ? null : { min, q1, median, q3, max, areas: areas ?? 0 },
        },
      ];
    });
  }

  /** The LSOA figures of several indicators at one period (for the multi-agency view), each withdrawn as its agreements say. */
  async lsoaFiguresOf(definitions: readonly IndicatorDefinition[], period: string): Promise<({ indicator: string; area: string } & PublishedFigure)[]> {
    const rows = await this.db.all(
      `SELECT v.indicator_id, v.area_code, v.numerator, v.denominator, v.value, v.lower, v.upper, v.suppressed, v.suppression_reason, v.comparison, v.trend, v.rag
       FROM indicator_value v
       WHERE v.level = 'lsoa' AND v.period_id = $period
         AND v.indicator_id IN (SELECT unnest(string_split($ids, ',')))`,
      { period, ids: definitions.map((d) => d.id).join(',') },
    );
    const withdrawn = new Map(definitions.map((d) => [d.id, this.withdrawalReason(d)]));
    const keys = z.object({ indicator_id: z.string(), area_code: z.string() });
    return rows.map((row) => {
      const { indicator_id, area_code } = keys.parse(row);
      return { indicator: indicator_id, area: area_code, ...publishedFigure(row, withdrawn.get(indicator_id) ?? null) };
    });
  }
}
