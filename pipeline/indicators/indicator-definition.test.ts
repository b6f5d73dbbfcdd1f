import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAgreements } from '../agreements/load-agreements.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import { checkFiltersAgainstAgreements, loadIndicatorDefinitions, partWithin, type NumeratorPart } from './indicator-definition.ts';

const PILOT = join(import.meta.dirname, '..', '..', 'datasets', 'chorley-south-ribble');
const temporary: string[] = [];

/** A copy of the pilot's indicator folder that a test may break. */
function copyOfIndicators(): string {
  const dir = mkdtempSync(join(tmpdir(), 'indicators-'));
  temporary.push(dir);
  cpSync(join(PILOT, 'indicators'), dir, { recursive: true });
  return dir;
}

afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadIndicatorDefinitions', () => {
  it('loads the pilot’s definitions: at least 16, across at least four themes, with population and IMD reference indicators', () => {
    const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));
    expect(definitions.length).toBeGreaterThanOrEqual(16);
    expect(new Set(definitions.map((d) => d.theme)).size).toBeGreaterThanOrEqual(4);
    const sources = new Set(definitions.flatMap((d) => (d.kind === 'counted' ? d.numerator.parts.map((p) => p.dataset.split('.')[0]) : [d.source])));
    for (const expected of ['police', 'fire', 'health', 'council', 'imd2025-score', 'population-65-plus-share']) expect(sources).toContain(expected);
  });

  it('refuses a definition whose file is not named by its id, naming the file', () => {
    const dir = copyOfIndicators();
    renameSync(join(dir, 'all-crime.json'), join(dir, 'crime.json'));
    expect(() => loadIndicatorDefinitions(dir)).toThrow(/must be named all-crime\.json/);
  });

  it('refuses a broken definition with its file and field', () => {
    const dir = copyOfIndicators();
    const file = join(dir, 'violent-crime.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...json, grain: 'fortnight' }));
    try {
      loadIndicatorDefinitions(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IndicatorDefinitionError);
      expect((error as IndicatorDefinitionError).describe()).toMatch(/violent-crime\.json/);
      expect((error as IndicatorDefinitionError).describe()).toMatch(/grain/);
    }
  });
});

describe('checkFiltersAgainstAgreements', () => {
  it('accepts the pilot’s definitions under the pilot’s agreements', () => {
    const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));
    expect(() => checkFiltersAgainstAgreements(definitions, loadAgreements(PILOT), join(PILOT, 'indicators'))).not.toThrow();
  });

  it('refuses a filter on a field the agreement drops, which would otherwise count nothing', () => {
    const dir = copyOfIndicators();
    const file = join(dir, 'all-crime.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { numerator: { parts: { dataset: string; where: unknown[] }[] } };
    json.numerator.parts[0]!.where.push({ field: 'context', equals: 'x' });
    writeFileSync(file, JSON.stringify(json));
    const definitions = loadIndicatorDefinitions(dir);
    expect(() => checkFiltersAgainstAgreements(definitions, loadAgreements(PILOT), dir)).toThrow(
      /all-crime" filters on "context", which agreement .* does not keep/,
    );
  });
});

describe('a denominator that is another indicator', () => {
  /** Rewrites one definition of a copied indicator folder. */
  function edit(dir: string, id: string, change: (json: Record<string, unknown>) => Record<string, unknown>): void {
    const file = join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(change(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
  }
  /** The error loading the folder gives, as the CLI would print it. */
  function loadError(dir: string): string {
    try {
      loadIndicatorDefinitions(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(IndicatorDefinitionError);
      return (error as IndicatorDefinitionError).describe();
    }
    return expect.unreachable('the definitions loaded');
  }
  const fireWhere = (where: unknown[]) => ({ parts: [{ dataset: 'fire.incidents', where }] });

  it('loads the pilot’s false alarm share over all fire incidents, a counted indicator of the same grain', () => {
    const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));
    const share = definitions.find((d) => d.id === 'fire-false-alarm-share');
    const all = definitions.find((d) => d.id === 'fire-incidents-all');
    expect(share?.kind === 'counted' && share.denominator).toEqual({ kind: 'indicator', indicator: 'fire-incidents-all' });
    expect(share?.kind === 'counted' && share.statistic).toBe('proportion');
    expect(all?.kind === 'counted' && share?.kind === 'counted' && all.grain === share.grain).toBe(true);
  });

  it('refuses a reference to no indicator, naming the file and the field', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, denominator: { kind: 'indicator', indicator: 'fire-incidents-every' } }));
    const message = loadError(dir);
    expect(message).toMatch(/fire-false-alarm-share\.json field "denominator\.indicator": no indicator "fire-incidents-every"/);
  });

  it('refuses a denominator field other than the indicator’s id (a typo in the key is not ignored)', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, denominator: { kind: 'indicator', indicator: 'fire-incidents-all', per: 'x' } }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "denominator/);
  });

  it('refuses a reference indicator as the denominator', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, denominator: { kind: 'indicator', indicator: 'imd2025-score' } }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "denominator\.indicator": "imd2025-score" is a reference indicator/);
  });

  it('refuses a denominator indicator of another grain', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-incidents-all', (json) => ({ ...json, grain: 'financial-year' }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "grain": "fire-incidents-all" has the grain financial-year and this indicator quarter/);
  });

  it('refuses a chain: a denominator indicator that itself divides by an indicator (so no cycle either)', () => {
    const dir = copyOfIndicators();
    // All incidents over false alarms, false alarms over all incidents: a cycle, refused as a chain.
    edit(dir, 'fire-incidents-all', (json) => ({ ...json, denominator: { kind: 'indicator', indicator: 'fire-false-alarms' } }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "denominator\.indicator": "fire-incidents-all" itself divides by another indicator \("fire-false-alarms"\)/);
    const self = copyOfIndicators();
    edit(self, 'fire-false-alarms', (json) => ({ ...json, denominator: { kind: 'indicator', indicator: 'fire-false-alarms' } }));
    expect(loadError(self)).toMatch(/fire-false-alarms\.json field "denominator\.indicator": an indicator cannot divide by itself/);
  });

  it('refuses a proportion whose numerator counts a dataset the denominator does not', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, numerator: { parts: [{ dataset: 'police.street_crime', where: [] }] } }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "numerator\.parts\.0\.dataset": police\.street_crime is not counted by the denominator indicator "fire-incidents-all"/);
  });

  it('refuses a proportion whose numerator rows are not provably among the denominator’s', () => {
    const dir = copyOfIndicators();
    // Fires over false alarms: the same dataset, other rows.
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, numerator: fireWhere([{ field: 'incident_group', in: ['Fire'] }]), denominator: { kind: 'indicator', indicator: 'fire-false-alarms' } }));
    expect(loadError(dir)).toMatch(/fire-false-alarm-share\.json field "numerator\.parts\.0\.where": the rows of this part are not provably among the rows of "fire-false-alarms"/);
  });

  it('refuses a proportion with two numerator parts on one dataset, which could count a row twice', () => {
    const dir = copyOfIndicators();
    const parts = [
      { dataset: 'fire.incidents', where: [{ field: 'incident_group', in: ['False Alarm'] }] },
      { dataset: 'fire.incidents', where: [{ field: 'deliberate', equals: false }] },
    ];
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, numerator: { parts } }));
    expect(loadError(dir)).toMatch(/field "numerator\.parts\.1\.dataset": a proportion over "fire-incidents-all" has two numerator parts on fire\.incidents/);
  });

  it('refuses a ratio of an indicator to itself (the same rows)', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({ ...json, numerator: fireWhere([]) }));
    expect(loadError(dir)).toMatch(/"fire-incidents-all" counts the same rows as this indicator's numerator/);
  });

  it('accepts a crude rate over an indicator without asking for a subset (crimes per fire incident)', () => {
    const dir = copyOfIndicators();
    edit(dir, 'fire-false-alarm-share', (json) => ({
      ...json,
      statistic: 'crude-rate',
      numerator: { parts: [{ dataset: 'police.street_crime', where: [] }] },
      grain: 'quarter',
    }));
    expect(() => loadIndicatorDefinitions(dir)).not.toThrow();
  });
});

describe('a declared disclosure family', () => {
  const edit = (dir: string, id: string, change: (json: Record<string, unknown>) => Record<string, unknown>): void => {
    const file = join(dir, `${id}.json`);
    writeFileSync(file, JSON.stringify(change(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
  };

  it('is read from the pilot: police violence and A&E assault attendances name the same family', () => {
    const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));
    const family = (id: string): string | undefined => {
      const definition = definitions.find((d) => d.id === id);
      return definition?.kind === 'counted' ? definition.disclosureFamily : undefined;
    };
    expect(family('violent-crime')).toBe('serious-violence');
    expect(family('ae-assault-attendances')).toBe('serious-violence');
  });

  it('refuses a family named only by indicators counting the same rows (a misspelt name would protect nothing)', () => {
    const dir = copyOfIndicators();
    edit(dir, 'ae-assault-attendances', (json) => ({ ...json, disclosureFamily: 'serious-violense' }));
    expect(() => loadIndicatorDefinitions(dir)).toThrow(/disclosure family "serious-violense" is named only by indicators counting the same rows \(ae-assault-attendances\)/);
  });

  it('refuses a family name that is not an id', () => {
    const dir = copyOfIndicators();
    edit(dir, 'ae-assault-attendances', (json) => ({ ...json, disclosureFamily: 'Serious Violence' }));
    expect(() => loadIndicatorDefinitions(dir)).toThrow(IndicatorDefinitionError);
  });
});

describe('partWithin', () => {
  const part = (where: NumeratorPart['where'], dataset = 'fire.incidents'): NumeratorPart => ({ dataset, where });
  it.each([
    ['within: no condition in the outer part: every row', part([{ field: 'incident_group', in: ['False Alarm'] }]), part([]), true],
    ['within: an in-list within the outer in-list', part([{ field: 'incident_group', in: ['Fire'] }]), part([{ field: 'incident_group', in: ['Fire', 'False Alarm'] }]), true],
    ['within: equals one of the outer in-list', part([{ field: 'deliberate', equals: true }]), part([{ field: 'deliberate', in: [true] }]), true],
    ['within: an in-list outside the outer notIn', part([{ field: 'incident_group', in: ['Fire'] }]), part([{ field: 'incident_group', notIn: ['False Alarm'] }]), true],
    ['within: a notIn covering the outer notIn', part([{ field: 'incident_group', notIn: ['False Alarm', 'Fire'] }]), part([{ field: 'incident_group', notIn: ['False Alarm'] }]), true],
    ['within: two inner conditions narrowing the field', part([{ field: 'incident_group', in: ['Fire', 'False Alarm'] }, { field: 'incident_group', notIn: ['False Alarm'] }]), part([{ field: 'incident_group', in: ['Fire'] }]), true],
    ['not within: another dataset', part([], 'police.street_crime'), part([]), false],
    ['not within: an in-list reaching outside', part([{ field: 'incident_group', in: ['Fire', 'Special Service'] }]), part([{ field: 'incident_group', in: ['Fire'] }]), false],
    ['not within: no inner condition on a field the outer restricts (nulls and every value)', part([]), part([{ field: 'deliberate', equals: true }]), false],
    ['not within: a notIn against an in-list (unbounded values)', part([{ field: 'incident_group', notIn: ['Fire'] }]), part([{ field: 'incident_group', in: ['False Alarm', 'Special Service'] }]), false],
    ['not within: a value of another type ("true" is not true)', part([{ field: 'deliberate', equals: 'true' }]), part([{ field: 'deliberate', equals: true }]), false],
  ])('%s', (_, inner, outer, expected) => {
    expect(partWithin(inner, outer)).toBe(expected);
  });
});
