import { describe, expect, it } from 'vitest';
import { districtOfLsoaName } from './lsoa-name-district.ts';

describe('districtOfLsoaName', () => {
  it('takes the district from an ONS LSOA name, spaces in the district included', () => {
    expect(districtOfLsoaName('Preston 001A')).toBe('Preston');
    expect(districtOfLsoaName('Blackburn with Darwen 012C')).toBe('Blackburn with Darwen');
    expect(districtOfLsoaName('  Basingstoke and Deane 020E ')).toBe('Basingstoke and Deane');
  });

  it('gives null when there is no name or it is not in the ONS form', () => {
    expect(districtOfLsoaName(null)).toBeNull();
    expect(districtOfLsoaName('')).toBeNull();
    expect(districtOfLsoaName('Preston')).toBeNull();
    expect(districtOfLsoaName('Preston 01A')).toBeNull();
    expect(districtOfLsoaName('001A')).toBeNull();
  });
});
