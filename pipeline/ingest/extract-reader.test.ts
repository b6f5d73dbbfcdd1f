import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractRefusedError } from '../errors.ts';
import { headerDelimiter, readExtractRecords, readHeader, type ExtractRecord } from './extract-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'extract-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = { encoding: 'utf-8', byteOrderMark: false } as const;

describe('reading an extract', () => {
  it('gives each record with the editor line where it starts, CR, CRLF and quoted line breaks included', async () => {
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, 'a,b\r\n1,"two\r\nlines"\r\n\r\n3,x\r4,y\n');
    const records: ExtractRecord[] = [];
    const lines = await readExtractRecords(file, utf8, ',', (batch) => records.push(...batch));
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 5, cells: ['3', 'x'] },
      { line: 6, cells: ['4', 'y'] },
    ]);
    expect(lines).toBe(6);
  });

  it('refuses a file that cannot be read, naming it, instead of leaving the read error unhandled', async () => {
    // A directory opens, then fails on the first read (EISDIR): a read error part-way, as a removed file gives.
    const unreadable = join(dir, 'a-directory.csv');
    mkdirSync(unreadable);
    const failure = readExtractRecords(unreadable, utf8, ',', () => undefined);
    await expect(failure).rejects.toBeInstanceOf(ExtractRefusedError);
    await expect(failure).rejects.toMatchObject({ message: 'could not be read: it is a directory', location: { file: unreadable } });
    await expect(readHeader(unreadable, utf8)).rejects.toMatchObject({ message: expect.stringMatching(/^could not be read/) });
  });
});

describe('headerDelimiter', () => {
  it('takes the delimiter from the header, even when data rows hold more commas than semicolons', () => {
    const text = 'incident_number;address;easting\nF1;12 Larkspur Close, Chorley, PR7 4XX;360214\nF2;1 High St, Leyland;350000\n\n';
    expect(headerDelimiter(text)).toEqual({ delimiter: ';', cells: ['incident_number', 'address', 'easting'] });
  });

  it('prefers a comma when the header splits no better on anything else, and respects quotes', () => {
    expect(headerDelimiter('lsoa_code\n')?.delimiter).toBe(',');
    expect(headerDelimiter('"a;b",c\n')).toEqual({ delimiter: ',', cells: ['a;b', 'c'] });
    expect(headerDelimiter('a\tb\tc\n')?.delimiter).toBe('\t');
  });
});
