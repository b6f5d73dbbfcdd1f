/**
 * The extract fuzzer, shared by the fixed-seed test (test/hardening/extract-reader-fuzz.property.test.ts)
 * and the long run (`npm run bench:fuzz`): files of random bytes and valid extracts mutated byte by byte
 * and line by line, and the property each must keep when ingested.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ObservatoryError } from '../../../pipeline/errors.ts';
import { FIRE_HEADER, POLICE_HEADER, fireRow, policeRow, render, tableCounts } from '../../ingest/support/extracts.ts';
import { writeExtract, type TempObservatory } from '../../support/temp-observatory.ts';

const LOG_TABLES = new Set(['extract_log', 'audit_log']);

const valid = [
  render(POLICE_HEADER, [policeRow({ Month: '2018-03' }), policeRow({ Month: '2018-03', Location: 'On or near "The Green", Leyland' }), policeRow({ Month: '' })]).bytes,
  render(FIRE_HEADER, [fireRow(), fireRow({ incident_number: 'F2' }), fireRow({ call_datetime: '31/02/2018 10:00' })], { eol: '\r\n' }).bytes,
];

/** One edit to a file's bytes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('special' as const), at: fc.nat(), text: fc.constantFrom('"', ',', ';', '\t', '\n', '\r', '\0', '\uFFFD', '""', '\n\n', '=HYPERLINK(1)', 'NaN', '1e309') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Buffer, edits: readonly Mutation[]): Buffer {
  let out = bytes;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : ('at' in edit ? edit.at % (out.length + 1) : 0);
    if (edit.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.bytes), out.subarray(at)]);
    else if (edit.kind === 'special') out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.text, 'utf8'), out.subarray(at)]);
    else if (edit.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + edit.length)]);
    else {
      const lines = out.toString('latin1').split('\n');
      const i = edit.line % lines.length;
      lines.splice(i, 0, lines[i] ?? '');
      out = Buffer.from(lines.join('\n'), 'latin1');
    }
  }
  return out;
}

/** A file to ingest: random bytes, or a valid extract with one to six edits. */
export const fuzzedExtract = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.record({ base: fc.constantFrom(...valid), edits: fc.array(mutation, { minLength: 1, maxLength: 6 }) }).map(({ base, edits }) => mutate(base, edits)),
);

/** How an ingest of a fuzzed file ended. */
export type FuzzOutcome = 'loaded' | 'refused' | 'unchanged' | 'observatory-error';

let written = 0;

/**
 * Ingests the bytes and checks the property: only a typed observatory error may escape (and changes
 * nothing), a refused or unchanged file changes nothing but the log, and a loaded one adds up (read =
 * loaded + quarantined + outside the area) with exactly its rows present. Throws when it does not hold.
 */
export async function ingestFuzzedExtract(obs: TempObservatory, bytes: Buffer): Promise<FuzzOutcome> {
  const file = await writeExtract(obs.dir, `fuzz-${++written}.csv`, bytes);
  const before = await tableCounts(obs);
  let result;
  try {
    // Files of the same month follow one another here: each may replace the last.
    result = await obs.ingest(file, { today: '2026-11-23', replace: true });
  } catch (error) {
    // Only typed observatory errors may escape (a forced dataset that is unknown, say); anything else is a bug.
    if (!(error instanceof ObservatoryError)) throw error;
    assert.deepEqual(await tableCounts(obs), before, `${String(error)} changed the database`);
    return 'observatory-error';
  }
  const after = await tableCounts(obs);
  const explain = `${result.status} ${result.reason ?? ''} (${bytes.length} bytes)`;
  assert.ok(['loaded', 'refused', 'unchanged'].includes(result.status), explain);
  if (result.status !== 'loaded') {
    for (const [table, n] of Object.entries(after)) if (!LOG_TABLES.has(table)) assert.equal(n, before[table], `${explain}: ${table}`);
    if (result.status === 'refused') assert.ok(result.reason, explain);
    return result.status === 'refused' ? 'refused' : 'unchanged';
  }
  assert.equal(result.rowsLoaded + result.rowsQuarantined + result.rowsOutsideArea, result.rowsRead, explain);
  const table = result.dataset?.replace('.', '_') ?? '';
  assert.equal(await obs.count(table, result.extractId), result.rowsLoaded, explain);
  assert.equal(await obs.count('quarantine', result.extractId), result.rowsQuarantined, explain);
  return 'loaded';
}
