/**
 * The SQL text expressions must give exactly what the TypeScript parsers give:
 * String.prototype.trim, requiredTextSchema's blank test, JSON.stringify, and
 * the pseudonymiser's HMAC computed from its prefixes.
 */
import { BLOB, blobValue, DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Pseudonymiser } from './pseudonymiser.ts';
import { JS_WHITESPACE_CODE_POINTS, sqlIsBlank, sqlJsonString, sqlSpaceTrimmedOrNull, sqlTrimmedOrNull } from './sql-text.ts';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Every BMP code point but the surrogates and NUL, each alone, padded, and inside text. */
function samples(): string[] {
  const out: string[] = [];
  for (let code = 1; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const c = String.fromCodePoint(code);
    out.push(c, ` ${c} `, `a${c}b`);
  }
  for (const w of JS_WHITESPACE_CODE_POINTS) {
    const c = String.fromCodePoint(w);
    out.push(`${c}x`, `x${c}`, `${c}${c}`, `\u0301${c}`, `${c}\u0301`, `😀${c}`);
  }
  out.push('', '😀', 'x😀 ', '\r\n');
  return out;
}

async function evaluate(expression: (column: string) => string, values: string[]): Promise<unknown[]> {
  const reader = await connection.runAndReadAll(`SELECT ${expression('s')} AS v FROM (SELECT unnest($values) AS s)`, { values: listValue(values) });
  return reader.getRowObjectsJson().map((row) => row.v);
}

test('JavaScript whitespace is exactly the code points the SQL trims', () => {
  const js = [];
  for (let code = 0; code < 0x10000; code++) if (!(code >= 0xd800 && code <= 0xdfff) && String.fromCodePoint(code).trim() === '') js.push(code);
  expect(js).toEqual(JS_WHITESPACE_CODE_POINTS);
});

test('trimmed-or-null and blank agree with trim() for every code point', async () => {
  const values = samples();
  const expected = values.map((v) => (v.trim() === '' ? null : v.trim()));
  expect(await evaluate(sqlTrimmedOrNull, values)).toEqual(expected);
  expect(await evaluate(sqlIsBlank, values)).toEqual(values.map((v) => v.trim() === ''));
  // The space-only form is exact for values whose only edge whitespace is the space.
  const spaced = values.filter((v) => !JS_WHITESPACE_CODE_POINTS.some((w) => w !== 0x20 && v.includes(String.fromCodePoint(w))));
  expect(await evaluate(sqlSpaceTrimmedOrNull, spaced)).toEqual(spaced.map((v) => (v.trim() === '' ? null : v.trim())));
});

test('the JSON string of every code point is JSON.stringify’s', async () => {
  const values = samples();
  expect(await evaluate(sqlJsonString, values)).toEqual(values.map((v) => JSON.stringify(v)));
});

test('the HMAC built from the pseudonymiser’s prefixes is its pseudonym, for short and long keys', async () => {
  for (const key of ['k'.repeat(32), '6'.repeat(40), `long-${'é'.repeat(80)}`]) {
    const pseudonymiser = Pseudonymiser.fromConfig({ key, keyFile: '/nonexistent' });
    const { inner, outer } = pseudonymiser.hmacPrefixes('crime_id');
    const values = ['abc', ' padded ', 'é£€😀', 'x'.repeat(300)];
    const reader = await connection.runAndReadAll(
      `SELECT sha256($outer || unhex(sha256($inner || encode(s)))) AS v FROM (SELECT unnest($values) AS s)`,
      { inner: blobValue(inner), outer: blobValue(outer), values: listValue(values) },
      { inner: BLOB, outer: BLOB },
    );
    expect(reader.getRowObjectsJson().map((row) => row.v)).toEqual(values.map((v) => pseudonymiser.pseudonym('crime_id', v)));
  }
});
