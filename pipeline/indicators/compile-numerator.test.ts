import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.ts';
import { datasetById, datasetTableDdl } from '../datasets/registry.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import { compileNumeratorPart } from './compile-numerator.ts';
import { parseIndicatorFile, type NumeratorPart } from './indicator-definition.ts';

/** Expects fn to throw an IndicatorDefinitionError whose message matches. */
function expectDefinitionError(fn: () => unknown, message: RegExp): IndicatorDefinitionError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IndicatorDefinitionError);
  const error = caught as IndicatorDefinitionError;
  expect(error.message).toMatch(message);
  return error;
}

describe('compileNumeratorPart: golden SQL and parameters', () => {
  it('compiles a notIn filter over row-level police data to count(*) with one parameter per value', () => {
    const compiled = compileNumeratorPart({ dataset: 'police.street_crime', where: [{ field: 'crime_type', notIn: ['Anti-social behaviour'] }] }, 'p0_');
    expect(compiled.sql).toBe(
      `SELECT lsoa21_code, period, count(*)::BIGINT AS n, false AS sender_withheld
FROM police_street_crime
WHERE crime_type NOT IN ($p0_0)
GROUP BY lsoa21_code, period`,
    );
    expect(compiled.params).toEqual({ p0_0: 'Anti-social behaviour' });
  });

  it('joins several conditions with AND and numbers parameters in order across conditions', () => {
    const compiled = compileNumeratorPart(
      {
        dataset: 'fire.incidents',
        where: [
          { field: 'incident_type', in: ['Secondary fire', 'Primary fire'] },
          { field: 'deliberate', equals: true },
        ],
      },
      'p1_',
    );
    expect(compiled.sql).toBe(
      `SELECT lsoa21_code, period, count(*)::BIGINT AS n, false AS sender_withheld
FROM fire_incidents
WHERE incident_type IN ($p1_0, $p1_1)
  AND deliberate = $p1_2
GROUP BY lsoa21_code, period`,
    );
    expect(compiled.params).toEqual({ p1_0: 'Secondary fire', p1_1: 'Primary fire', p1_2: true });
  });

  it('sums the count column of a pre-aggregated dataset and flags counts the sender withheld', () => {
    const compiled = compileNumeratorPart({ dataset: 'health.activity', where: [{ field: 'measure', equals: 'emergency_admissions' }] }, 'h_');
    expect(compiled.sql).toBe(
      `SELECT lsoa21_code, period, coalesce(sum(count), 0)::BIGINT AS n, bool_or(count IS NULL) AS sender_withheld
FROM health_activity
WHERE measure = $h_0
GROUP BY lsoa21_code, period`,
    );
    expect(compiled.params).toEqual({ h_0: 'emergency_admissions' });
  });

  it('selects every row (WHERE TRUE) when a part has no conditions', () => {
    const compiled = compileNumeratorPart({ dataset: 'council.service_requests', where: [] }, 'c_');
    expect(compiled.sql).toContain('FROM council_service_requests\nWHERE TRUE\n');
    expect(compiled.params).toEqual({});
  });

  it('compiles every pilot indicator definition without putting any filter value in the SQL text', () => {
    const dir = new URL('../../datasets/chorley-south-ribble/indicators/', import.meta.url);
    let parts = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const definition = parseIndicatorFile(name, readFileSync(new URL(name, dir), 'utf8'));
      if (definition.kind !== 'counted') continue;
      definition.numerator.parts.forEach((part, index) => {
        const compiled = compileNumeratorPart(part, `p${index}_`);
        parts++;
        for (const condition of part.where) {
          const values = 'equals' in condition ? [condition.equals] : 'in' in condition ? condition.in : condition.notIn;
          for (const value of values) {
            expect(Object.values(compiled.params)).toContain(value);
            if (typeof value === 'string') expect(compiled.sql, `${name}: "${value}" must be a parameter`).not.toContain(value);
          }
        }
      });
    }
    expect(parts).toBeGreaterThanOrEqual(10);
  });
});

describe('compileNumeratorPart: identifiers are whitelisted by the dataset module', () => {
  it('refuses a field the dataset does not have, naming the field and the dataset', () => {
    const error = expectDefinitionError(
      () => compileNumeratorPart({ dataset: 'police.street_crime', where: [{ field: 'crime_category', equals: 'Burglary' }] }, 'p_'),
      /"crime_category" is not a stored field of police\.street_crime/,
    );
    expect(error.location.field).toBe('where');
  });

  it('refuses a personal-data field that exists in the layout but can never be stored', () => {
    expectDefinitionError(
      () => compileNumeratorPart({ dataset: 'fire.incidents', where: [{ field: 'caller_name', equals: 'Smith' }] }, 'p_'),
      /"caller_name" is not a stored field of fire\.incidents/,
    );
  });

  it('refuses a field name that carries SQL, before any SQL is built', () => {
    expectDefinitionError(
      () => compileNumeratorPart({ dataset: 'police.street_crime', where: [{ field: 'crime_type = crime_type OR 1', equals: 'x' }] }, 'p_'),
      /is not a stored field of police\.street_crime/,
    );
  });

  it('refuses an unknown dataset (so no table name comes from input)', () => {
    expectDefinitionError(() => compileNumeratorPart({ dataset: 'area; DROP TABLE area', where: [] }, 'p_'), /unknown dataset "area; DROP TABLE area"/);
  });

  it('refuses the same field at definition load with file and field named', () => {
    const text = JSON.stringify({
      id: 'bad',
      kind: 'counted',
      title: 'Bad indicator',
      shortDescription: 'An indicator that filters on a field the dataset lacks.',
      theme: 'Community safety',
      statistic: 'crude-rate',
      numerator: { parts: [{ dataset: 'police.street_crime', where: [{ field: 'nonsense', equals: 'x' }] }] },
      denominator: { kind: 'population' },
      multiplier: 1000,
      unit: 'per 1,000 residents',
      grain: 'month',
      polarity: 'low-is-good',
      methods: 'Counted as a test of refusal.',
    });
    let caught: unknown;
    try {
      parseIndicatorFile('indicators/bad.json', text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IndicatorDefinitionError);
    const error = caught as IndicatorDefinitionError;
    expect(error.location).toEqual({ file: 'indicators/bad.json', field: 'numerator.parts.0.where' });
    expect(error.describe()).toContain('"nonsense" is not a stored field of police.street_crime');
  });
});

describe('compiled numerators run against DuckDB', () => {
  let db: Database;
  const hostile = "x'); DROP TABLE area; --";

  beforeAll(async () => {
    db = await Database.open(':memory:');
    for (const id of ['police.street_crime', 'health.activity', 'fire.incidents']) await db.exec(datasetTableDdl(datasetById(id)!));
    // Police: LSOA A has 2 crimes + 1 ASB in January, 1 crime in February; LSOA B has 1 ASB and one row whose crime type is the hostile string.
    const police: [string, string, string][] = [
      ['E01000001', '2019-01-01', 'Burglary'],
      ['E01000001', '2019-01-01', 'Violence and sexual offences'],
      ['E01000001', '2019-01-01', 'Anti-social behaviour'],
      ['E01000001', '2019-02-01', 'Burglary'],
      ['E01000002', '2019-01-01', 'Anti-social behaviour'],
      ['E01000002', '2019-01-01', hostile],
    ];
    let line = 2;
    for (const [lsoa, period, crimeType] of police) {
      await db.exec(
        `INSERT INTO police_street_crime (extract_id, line_number, period, lsoa21_code, crime_type) VALUES ('e1', $line, $period::DATE, $lsoa, $crimeType)`,
        { line: line++, period, lsoa, crimeType },
      );
    }
    const health: [string, string, string, number | null][] = [
      ['E01000001', '2019-01-01', 'emergency_admissions', 7],
      ['E01000001', '2019-01-01', 'ae_attendances', 40],
      ['E01000002', '2019-01-01', 'emergency_admissions', null],
      ['E01000002', '2019-02-01', 'emergency_admissions', 3],
      ['E01000002', '2019-02-01', 'emergency_admissions', 2],
    ];
    for (const [lsoa, period, measure, count] of health) {
      await db.exec(
        `INSERT INTO health_activity (extract_id, line_number, period, lsoa21_code, measure, count) VALUES ('e2', $line, $period::DATE, $lsoa, $measure, $count::INTEGER)`,
        { line: line++, period, lsoa, measure, count },
      );
    }
    const fire: [string, string, boolean | null][] = [
      ['E01000001', 'Secondary fire', true],
      ['E01000001', 'Secondary fire', false],
      ['E01000001', 'Secondary fire', null],
      ['E01000002', 'Primary fire', true],
    ];
    for (const [lsoa, type, deliberate] of fire) {
      await db.exec(
        `INSERT INTO fire_incidents (extract_id, line_number, period, lsoa21_code, incident_type, deliberate) VALUES ('e3', $line, DATE '2019-01-01', $lsoa, $type, $deliberate::BOOLEAN)`,
        { line: line++, lsoa, type, deliberate },
      );
    }
    await db.exec(`INSERT INTO area (code, name, level, partnership_code) VALUES ('E01000001', 'Test 001A', 'lsoa', 'test')`);
  });
  afterAll(async () => db?.close());

  async function run(part: NumeratorPart): Promise<{ lsoa: string; month: string; n: number; withheld: boolean }[]> {
    const compiled = compileNumeratorPart(part, 'p0_');
    const rows = await db.all(
      `SELECT lsoa21_code, strftime(period, '%Y-%m') AS month, n::INTEGER AS n, sender_withheld FROM (${compiled.sql}) ORDER BY lsoa21_code, month`,
      compiled.params,
    );
    return rows.map((r) => ({ lsoa: String(r.lsoa21_code), month: String(r.month), n: Number(r.n), withheld: r.sender_withheld === true }));
  }

  it('counts crimes excluding anti-social behaviour per LSOA and month', async () => {
    expect(await run({ dataset: 'police.street_crime', where: [{ field: 'crime_type', notIn: ['Anti-social behaviour'] }] })).toEqual([
      { lsoa: 'E01000001', month: '2019-01', n: 2, withheld: false },
      { lsoa: 'E01000001', month: '2019-02', n: 1, withheld: false },
      { lsoa: 'E01000002', month: '2019-01', n: 1, withheld: false },
    ]);
  });

  it('counts only the listed values with IN', async () => {
    expect(await run({ dataset: 'police.street_crime', where: [{ field: 'crime_type', in: ['Anti-social behaviour'] }] })).toEqual([
      { lsoa: 'E01000001', month: '2019-01', n: 1, withheld: false },
      { lsoa: 'E01000002', month: '2019-01', n: 1, withheld: false },
    ]);
  });

  it('treats an SQL-looking value as data: it matches only the row holding that exact text and drops nothing', async () => {
    const compiled = compileNumeratorPart({ dataset: 'police.street_crime', where: [{ field: 'crime_type', equals: hostile }] }, 'p0_');
    expect(compiled.sql).not.toContain('DROP');
    expect(Object.values(compiled.params)).toEqual([hostile]);
    expect(await run({ dataset: 'police.street_crime', where: [{ field: 'crime_type', equals: hostile }] })).toEqual([
      { lsoa: 'E01000002', month: '2019-01', n: 1, withheld: false },
    ]);
    const area = await db.all(`SELECT count(*)::INTEGER AS n FROM area`);
    expect(area).toEqual([{ n: 1 }]);
  });

  it('matches booleans as booleans (NULL deliberate is neither true nor false)', async () => {
    expect(await run({ dataset: 'fire.incidents', where: [{ field: 'incident_type', in: ['Secondary fire'] }, { field: 'deliberate', equals: true }] })).toEqual([
      { lsoa: 'E01000001', month: '2019-01', n: 1, withheld: false },
    ]);
    expect(await run({ dataset: 'fire.incidents', where: [{ field: 'deliberate', equals: false }] })).toEqual([
      { lsoa: 'E01000001', month: '2019-01', n: 1, withheld: false },
    ]);
  });

  it('sums pre-aggregated counts, and reports a withheld count as withheld rather than as zero', async () => {
    expect(await run({ dataset: 'health.activity', where: [{ field: 'measure', equals: 'emergency_admissions' }] })).toEqual([
      { lsoa: 'E01000001', month: '2019-01', n: 7, withheld: false },
      { lsoa: 'E01000002', month: '2019-01', n: 0, withheld: true },
      { lsoa: 'E01000002', month: '2019-02', n: 5, withheld: false },
    ]);
  });

  it('counts every row of the table when a part has no conditions', async () => {
    const rows = await run({ dataset: 'police.street_crime', where: [] });
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(6);
  });
});
