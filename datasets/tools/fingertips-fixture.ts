/**
 * Writes the Fingertips test fixture (test/fixtures/fingertips/) from the real OHID Fingertips files of
 * the open data folder: the rows the statistics oracle test and the pilot's falls rates need, each line
 * copied byte for byte, nothing else changed.
 *
 *   node --import tsx datasets/tools/fingertips-fixture.ts --data <open data folder> [--out test/fixtures/fingertips]
 *
 * A row is kept when it is the first copy of its line (the source repeats some rows verbatim) and either
 * - its indicator's value type is Proportion or Crude rate and Count, Denominator, Value, LowerCI and
 *   UpperCI are all present (the rows the oracle can recompute), or
 * - it is indicator 22401 (falls admissions 65+) for Persons (the pilot generator's falls rates).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { z } from 'zod';
import { readCsv } from './csv.ts';
import { requireOpenDataDir } from './open-data.ts';

const { values: args } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string', default: 'test/fixtures/fingertips' } } });
const source = join(requireOpenDataDir(args.data, ['health-fingertips/fingertips_healthdata_chorley_south_ribble_lancashire_england.csv']), 'health-fingertips');
const out = resolve(args.out ?? 'test/fixtures/fingertips');
const HEALTH = 'fingertips_healthdata_chorley_south_ribble_lancashire_england.csv';
const INDICATORS = 'fingertips_indicators.csv';

const valueType = new Map(
  readCsv(join(source, INDICATORS), z.object({ IndicatorID: z.string(), ValueType: z.string() }).loose()).map((r) => [r.IndicatorID, r.ValueType]),
);
const lines = readFileSync(join(source, HEALTH), 'utf8').split('\n');
const header = lines[0] ?? '';
const names = Papa.parse<string[]>(header.replace(/^\uFEFF/, '')).data[0] ?? [];
const seen = new Set<string>();
const kept = [header];
for (const line of lines.slice(1)) {
  if (line === '' || seen.has(line)) continue;
  seen.add(line);
  const fields = Papa.parse<string[]>(line).data[0] ?? [];
  const row = new Map(names.map((n, i) => [n, fields[i] ?? '']));
  const id = row.get('IndicatorId') ?? '';
  const recomputable =
    (valueType.get(id) === 'Proportion' || valueType.get(id) === 'Crude rate') &&
    ['Count', 'Denominator', 'Value', 'LowerCI', 'UpperCI'].every((c) => (row.get(c) ?? '') !== '');
  const falls = id === '22401' && row.get('Sex') === 'Persons';
  if (recomputable || falls) kept.push(line);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, HEALTH), `${kept.join('\n')}\n`);
copyFileSync(join(source, INDICATORS), join(out, INDICATORS));
console.log(`kept ${kept.length - 1} of ${lines.length - 2} rows → ${join(out, HEALTH)}`);
