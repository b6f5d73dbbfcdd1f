import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObservatoryError } from '../errors.ts';
import { loadIndicatorDefinitions } from '../indicators/indicator-definition.ts';
import type { z } from 'zod';
import { loadBoardDefinitions } from './board-definitions.ts';
import { localitiesFileSchema } from '../reference/localities.ts';
import { interventionsFileSchema, type LocalityKinds } from './interventions.ts';
import { prioritiesFileSchema } from './priorities.ts';
import { risksFileSchema } from './risks.ts';

const PILOT = join(import.meta.dirname, '../../datasets/chorley-south-ribble');
const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));
/** The pilot's localities by code, as the reference data load them into the database. */
const PILOT_KINDS: LocalityKinds = new Map(
  localitiesFileSchema.parse(JSON.parse(readFileSync(join(PILOT, 'localities.json'), 'utf8'))).kinds.flatMap((k) => k.localities.map((l) => [l.code, { kind: k.id, kindName: k.name }] as const)),
);

let dir: string;
/** The localities the partnership under test has (none unless a test gives it the pilot's). */
let kinds: LocalityKinds;
beforeEach(() => {
  kinds = new Map();
  dir = mkdtempSync(join(tmpdir(), 'boards-files-'));
  for (const name of ['priorities.json', 'risks.json', 'interventions.json']) cpSync(join(PILOT, name), join(dir, name));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Files = { 'priorities.json': z.input<typeof prioritiesFileSchema>; 'risks.json': z.input<typeof risksFileSchema>; 'interventions.json': z.input<typeof interventionsFileSchema> };

/** Edits one board file's JSON in the copy (typed as the file should be, so edits read plainly). */
function edit<N extends keyof Files>(name: N, change: (json: Files[N]) => void): void {
  const file = join(dir, name);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Files[N];
  change(json);
  writeFileSync(file, JSON.stringify(json));
}

function loadError(): ObservatoryError {
  try {
    loadBoardDefinitions(dir, definitions, kinds);
  } catch (error) {
    if (error instanceof ObservatoryError) return error;
    throw error;
  }
  throw new Error('expected the board files to be refused');
}

describe('the pilot board files', () => {
  it('load: five priorities and themes, at least five risks with several reviews each, five interventions', () => {
    const boards = loadBoardDefinitions(PILOT, definitions, PILOT_KINDS);
    expect(boards.priorities.map((p) => p.id)).toEqual(['shared-data-and-intelligence', 'local-delivery-model', 'economic-growth-and-reform', 'community-safety', 'health-inequalities']);
    expect(boards.risks.risks.length).toBeGreaterThanOrEqual(5);
    for (const r of boards.risks.risks) expect(r.reviews.length).toBeGreaterThanOrEqual(3);
    // Two on real police months, the arson reduction programme with its planted effect, a fly-tipping one with none,
    // and one over a locality (a neighbourhood policing team).
    expect(boards.interventions.length).toBe(5);
    expect(boards.interventions.filter((i) => i.areas.level === 'locality').map((i) => i.id)).toEqual(['night-time-economy-chorley-town']);
  });

  it('are optional: a partnership without them has none', () => {
    const empty = mkdtempSync(join(tmpdir(), 'boards-none-'));
    try {
      const boards = loadBoardDefinitions(empty, definitions, new Map());
      expect(boards.priorities).toEqual([]);
      expect(boards.risks.risks).toEqual([]);
      expect(boards.interventions).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('refusals name the file and the field', () => {
  it('a measure of an unknown indicator', () => {
    edit('priorities.json', (j) => (j.priorities[1]!.measures[0]!.indicator = 'no-such-thing'));
    expect(loadError().describe()).toMatch(/priorities\.json field "priorities\.1\.measures\.0\.indicator": no indicator "no-such-thing"/);
  });

  it('a baseline period of another grain than the indicator', () => {
    edit('priorities.json', (j) => (j.priorities[0]!.measures[1]!.baselinePeriod = '2017-Q2'));
    expect(loadError().describe()).toMatch(/field "priorities\.0\.measures\.1\.baselinePeriod": "2017-Q2" is not a financial-year period/);
  });

  it('a target that rewards getting worse', () => {
    edit('priorities.json', (j) => {
      j.priorities[3]!.measures[0]!.direction = 'increase';
      j.priorities[3]!.measures[0]!.target = { kind: 'relative-change', percent: 5 };
    });
    expect(loadError().describe()).toMatch(/field "priorities\.3\.measures\.0\.direction": "crime-annual" is low-is-good/);
  });

  it('a relative change whose sign contradicts the direction', () => {
    edit('priorities.json', (j) => (j.priorities[3]!.measures[0]!.target = { kind: 'relative-change', percent: 5 }));
    expect(loadError().describe()).toMatch(/field "priorities\.3\.measures\.0\.target\.percent"/);
  });

  it('a missing owner (schema)', () => {
    edit('priorities.json', (j) => delete (j.priorities[2] as { owner?: unknown }).owner);
    expect(loadError().describe()).toMatch(/priorities\.json field "priorities\.2\.owner"/);
  });

  it('risk bands with a gap', () => {
    edit('risks.json', (j) => (j.scoring.bands[1]!.from = 8));
    expect(loadError().describe()).toMatch(/risks\.json field "scoring\.bands\.1\.from": .*should start at 7/);
  });

  it('a review scored off the scale', () => {
    edit('risks.json', (j) => (j.risks[2]!.reviews[1]!.impact = 6));
    expect(loadError().describe()).toMatch(/risks\.json field "risks\.2\.reviews\.1": impact 6 is not on the scale/);
  });

  it('a risk linked to a priority that does not exist', () => {
    edit('risks.json', (j) => (j.risks[0]!.priority = 'world-peace'));
    expect(loadError().describe()).toMatch(/field "risks\.0\.priority": no priority "world-peace"/);
  });

  it('an intervention on a rolling 12-month indicator', () => {
    edit('interventions.json', (j) => (j.interventions[0]!.indicators = ['criminal-damage-arson']));
    expect(loadError().describe()).toMatch(/interventions\.json field "interventions\.0\.indicators\.0": .*rolling 12-month/);
  });

  it('an intervention that ends before it starts', () => {
    edit('interventions.json', (j) => (j.interventions[0]!.end = '2017-01'));
    expect(loadError().describe()).toMatch(/field "interventions\.0\.end": must not be before the start/);
  });

  it('an intervention over a locality localities.json does not have, or over localities of two kinds', () => {
    kinds = PILOT_KINDS;
    edit('interventions.json', (j) => (j.interventions[0]!.areas = { level: 'locality', codes: ['npt-leyland', 'npt-nowhere'] }));
    expect(loadError().describe()).toMatch(/interventions\.json field "interventions\.0\.areas\.codes\.1": no locality "npt-nowhere" in the partnership; the localities are npt-bamber-bridge, .*pcn-1/);
    edit('interventions.json', (j) => (j.interventions[0]!.areas = { level: 'locality', codes: ['npt-leyland', 'pcn-1'] }));
    expect(loadError().describe()).toMatch(
      /field "interventions\.0\.areas\.codes\.1": "pcn-1" is one of the primary care networks but "npt-leyland" is one of the neighbourhood policing teams: an intervention's localities must all be of one kind/,
    );
    edit('interventions.json', (j) => (j.interventions[0]!.areas = { level: 'locality', codes: ['E05010226'] }));
    expect(loadError().describe()).toMatch(/field "interventions\.0\.areas\.codes\.0": must be 3 to 40 lower case letters/);
  });

  it('an intervention over localities when the partnership defines none', () => {
    edit('interventions.json', (j) => (j.interventions[0]!.areas = { level: 'locality', codes: ['npt-leyland'] }));
    expect(loadError().describe()).toMatch(/field "interventions\.0\.areas\.level": the partnership defines no localities \(localities\.json\)/);
  });

  it('takes an intervention over localities of one kind', () => {
    kinds = PILOT_KINDS;
    edit('interventions.json', (j) => (j.interventions[0]!.areas = { level: 'locality', codes: ['npt-leyland', 'npt-bamber-bridge'] }));
    expect(loadBoardDefinitions(dir, definitions, kinds).interventions[0]!.areas).toEqual({ level: 'locality', codes: ['npt-leyland', 'npt-bamber-bridge'] });
  });
});
