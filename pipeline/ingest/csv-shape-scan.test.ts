/**
 * The byte scan must agree with the streaming reader (papaparse) on every
 * regular file: which records are rows, which are ragged, and the editor line
 * each starts on, however the bytes are split into chunks; and it must call
 * anything else irregular.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CsvShapeScanner, scanCsvShape, type LineBreak } from './csv-shape-scan.ts';
import { readExtractRecords } from './extract-reader.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-shape-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER_FIELDS = 3;

/** A field as a CSV writer would write it: plain, or quoted with doubled quotes and maybe line breaks. */
const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9 .\-é£]{0,6}$/),
  fc.stringMatching(/^[a-z ,"\n]{0,6}$/).map((text) => `"${text.replaceAll('"', '""')}"`),
  fc.constantFrom('""', '"a\r\nb"', '","'),
);

/** A record: usually with the header's field count, sometimes ragged or blank. */
const record = fc.oneof(
  { weight: 8, arbitrary: fc.array(field, { minLength: HEADER_FIELDS, maxLength: HEADER_FIELDS }) },
  { weight: 1, arbitrary: fc.array(field, { minLength: 1, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constant(['']) },
);

const lineBreak = fc.constantFrom<LineBreak>('\n', '\r\n', '\r');

/** The streaming reader's rows and ragged records for a file. */
async function streamed(file: string): Promise<{ rows: number[]; ragged: { line: number; fields: number }[] }> {
  const records: { line: number; cells: string[] }[] = [];
  await readExtractRecords(file, { encoding: 'utf-8', byteOrderMark: false }, ',', (batch) => records.push(...batch));
  records.shift();
  return {
    rows: records.filter((r) => r.cells.length === HEADER_FIELDS).map((r) => r.line),
    ragged: records.filter((r) => r.cells.length !== HEADER_FIELDS).map((r) => ({ line: r.line, fields: r.cells.length })),
  };
}

function linesOf(shape: { shiftFrom: number[]; shiftValue: number[]; rows: number }): number[] {
  const lines: number[] = [];
  let j = 0;
  for (let k = 0; k < shape.rows; k++) {
    while (j + 1 < shape.shiftFrom.length && (shape.shiftFrom[j + 1] ?? Infinity) <= k) j++;
    lines.push(k + (shape.shiftValue[j] ?? 0));
  }
  return lines;
}

describe('the byte scan agrees with the streaming reader', () => {
  test('rows, ragged records and editor lines, in fields mode and, without ragged records, in lines mode', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), lineBreak, fc.boolean(), async (records, eol, finalBreak) => {
        // Inside quotes the streaming reader keeps CR as LF; CR-in-quotes files are left to it, so use LF there.
        const text = ['a,b,c', ...records.map((cells) => cells.join(',').replaceAll('\r\n', '\n'))].join(eol) + (finalBreak ? eol : '');
        const file = join(dir, `case-${run++}.csv`);
        await writeFile(file, text);
        const expected = await streamed(file);
        const fields = await scanCsvShape(file, { lineBreak: eol, headerFields: HEADER_FIELDS, mode: 'fields' });
        expect(fields.regular).toBe(true);
        if (!fields.regular) return;
        expect(linesOf(fields.shape)).toEqual(expected.rows);
        expect(fields.shape.ragged).toEqual(expected.ragged);
        if (expected.ragged.length === 0) {
          const lines = await scanCsvShape(file, { lineBreak: eol, headerFields: HEADER_FIELDS, mode: 'lines' });
          expect(lines.regular && linesOf(lines.shape)).toEqual(expected.rows);
          expect(lines.regular && lines.shape.valueBytes).toBe(fields.shape.valueBytes);
          expect(lines.regular && lines.shape.positionalChecksum).toBe(fields.shape.positionalChecksum);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('the same shape however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }), (records, cuts) => {
        const bytes = Buffer.from(['a,b,c', ...records.map((cells) => cells.join(','))].join('\n') + '\n');
        const whole = new CsvShapeScanner('\n', HEADER_FIELDS, 'fields');
        whole.push(bytes);
        const pieces = new CsvShapeScanner('\n', HEADER_FIELDS, 'fields');
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length] ?? 1;
          pieces.push(bytes.subarray(at, at + size));
          at += size;
        }
        expect(pieces.finish()).toEqual(whole.finish());
      }),
      { numRuns: 200 },
    );
  });
});

describe('irregular files', () => {
  test.each([
    ['a quote inside an unquoted field', 'a,b,c\n1,x"y,3\n', '\n', /quote inside an unquoted field/],
    ['text after a closing quote', 'a,b,c\n1,"x"y,3\n', '\n', /after the closing quote/],
    ['an unterminated quote', 'a,b,c\n1,"x,3\n', '\n', /not closed/],
    ['a CR in an LF file', 'a,b,c\n1,2,3\r\n', '\n', /carriage return/],
    ['an LF in a CRLF file', 'a,b,c\r\n1,2,3\n4,5,6\r\n', '\r\n', /line feed/],
    ['a NUL byte', 'a,b,c\n1,\u0000,3\n', '\n', /NUL/],
    ['a header over two lines', '"a\nx",b,c\n1,2,3\n', '\n', /header spans/],
    ['a header with another field count', 'a,b\n1,2,3\n', '\n', /header has 2 fields/],
  ] as const)('%s', (_label, text, eol, why) => {
    const scanner = new CsvShapeScanner(eol, HEADER_FIELDS, 'fields');
    scanner.push(Buffer.from(text));
    const verdict = scanner.finish();
    expect(verdict.regular).toBe(false);
    expect(!verdict.regular && verdict.why).toMatch(why);
  });

  test('bytes that are not valid UTF-8, even split across chunks, and U+FFFD are reported', async () => {
    const invalid = join(dir, 'invalid.csv');
    await writeFile(invalid, Buffer.concat([Buffer.from('a,b,c\n1,2,'), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from('\n')]));
    expect(await scanCsvShape(invalid, { lineBreak: '\n', headerFields: 3, mode: 'lines' })).toEqual({ regular: false, why: 'bytes that are not valid UTF-8' });
    const replacement = join(dir, 'replacement.csv');
    await writeFile(replacement, 'a,b,c\n1,\ufffd,3\n');
    const verdict = await scanCsvShape(replacement, { lineBreak: '\n', headerFields: 3, mode: 'lines' });
    expect(verdict.regular && verdict.shape.replacementCharacter).toBe(true);
  });

  test('whitespace other than the space is noticed anywhere in the file', () => {
    for (const [text, other] of [
      ['a,b,c\n1, 2 ,3\n', false],
      ['a,b,c\n1,\t2,3\n', true],
      ['a,b,c\n1,2\u00a0,3\n', true],
      ['a,b,c\n1,"x\ny",3\n', true],
    ] as const) {
      const scanner = new CsvShapeScanner('\n', HEADER_FIELDS, 'lines');
      scanner.push(Buffer.from(text));
      const verdict = scanner.finish();
      expect(verdict.regular && verdict.shape.otherWhitespace).toBe(other);
    }
  });
});
