import { describe, expect, it } from 'vitest';
import { guessEncoding, readStartOfFile } from './file-start.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('the start of a file', () => {
  it('guesses Windows-1252 when the bytes are not UTF-8, and UTF-8 when a slice only cuts a character', () => {
    expect(guessEncoding(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2c]))).toEqual({ encoding: 'windows-1252', byteOrderMark: false });
    const cut = bytesOf('Café').subarray(0, 4); // "Caf" and the first byte of é
    expect(guessEncoding(cut).encoding).toBe('utf-8');
    expect(guessEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', byteOrderMark: true });
  });

  it('takes the delimiter from the header and numbers rows by the line they start on', () => {
    const text = 'a;b;c\n1;"two\nlines";3\n\n4;5;6\n7;8;9';
    const start = readStartOfFile(bytesOf(text), true, 100);
    expect(start.delimiter).toBe(';');
    expect(start.header).toEqual(['a', 'b', 'c']);
    expect(start.rows.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(start.truncated).toBe(false);
  });

  it('drops a row the slice may have cut, and decodes Windows-1252', () => {
    const bytes = new Uint8Array([...bytesOf('name,town\nZo'), 0xeb, ...bytesOf(',Chorley\nJos')]);
    const start = readStartOfFile(bytes, false, 100);
    expect(start.encoding.encoding).toBe('windows-1252');
    expect(start.rows).toEqual([{ line: 2, cells: ['Zoë', 'Chorley'] }]);
    expect(start.truncated).toBe(true);
  });
});
