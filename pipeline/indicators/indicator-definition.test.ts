import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAgreements } from '../agreements/load-agreements.ts';
import { IndicatorDefinitionError } from '../errors.ts';
import { checkFiltersAgainstAgreements, loadIndicatorDefinitions } from './indicator-definition.ts';

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
