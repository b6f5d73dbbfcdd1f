import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-cells.ts';

describe('csvCell', () => {
  it('neutralises text a spreadsheet would read as a formula: =, +, -, @, tab and carriage return', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(text).replace(/^"|"$/g, '').startsWith("'"), JSON.stringify(text)).toBe(true);
    }
  });

  it('leaves ordinary text, numbers (negative ones too), booleans and nulls as data', () => {
    expect(csvLine(['Chorley 014A', -1.5, 0, true, null])).toBe('Chorley 014A,-1.5,0,true,');
  });

  it('quotes cells holding a comma, quote or line break', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
  });
});
