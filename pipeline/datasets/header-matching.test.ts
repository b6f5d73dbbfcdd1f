import { describe, expect, it } from 'vitest';
import { matchHeader, normaliseHeader, recognise } from './header-matching.ts';
import { DATASETS, datasetById } from './registry.ts';

/** The header exactly as the layout writes it. */
const canonical = (id: string): string[] => datasetById(id)!.fields.map((field) => field.header);

/** Recognises a header and fails the test if nothing fits. */
function recogniseOk(header: string[]) {
  const result = recognise(DATASETS, header);
  if (!result.ok) throw new Error(`expected a fit, got: ${result.explanation}`);
  return result.match;
}

describe('normaliseHeader', () => {
  it('ignores case, spaces, underscores, dashes and a byte-order mark', () => {
    const forms = ['Crime ID', ' crime_id ', 'CrimeID', 'CRIME-ID', '\uFEFFCrime ID', 'crime\tid'];
    expect(new Set(forms.map(normaliseHeader))).toEqual(new Set(['crimeid']));
  });

  it('keeps letters and digits that matter', () => {
    expect(normaliseHeader('LSOA code')).not.toBe(normaliseHeader('LSOA name'));
  });
});

describe('recognise: each dataset from its own header', () => {
  it.each(DATASETS.map((module) => [module.id]))('recognises %s from its canonical header, every field at its column', (id) => {
    const header = canonical(id);
    const match = recogniseOk(header);
    expect(match.module.id).toBe(id);
    expect(match.unknownColumns).toEqual([]);
    expect(match.missingRequired).toEqual([]);
    header.forEach((_, index) => expect(match.columnOf.get(match.module.fields[index]!.name)).toBe(index));
  });

  it.each(DATASETS.map((module) => [module.id]))('recognises %s whatever the case, spacing and underscores', (id) => {
    const variants = [
      canonical(id).map((h) => h.toUpperCase()),
      canonical(id).map((h) => ` ${h.toLowerCase().replace(/_/g, ' ')} `),
      canonical(id).map((h) => h.replace(/ /g, '_')),
      canonical(id).map((h, i) => (i === 0 ? `\uFEFF${h}` : h)),
    ];
    for (const header of variants) {
      const match = recogniseOk(header);
      expect(match.module.id).toBe(id);
      expect(match.columnOf.size).toBe(header.length);
    }
  });

  it('recognises the real data.police.uk header', () => {
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'.split(',');
    expect(recogniseOk(header).module.id).toBe('police.street_crime');
  });

  it('recognises the pilot council file whose header is in a different case and spacing', () => {
    const header = ' Case_Ref , Received Date ,SERVICE,Postcode,EASTING,Northing,UPRN,Ward Name,Complainant Name,complainant phone'.split(',');
    const match = recogniseOk(header);
    expect(match.module.id).toBe('council.service_requests');
    expect(match.columnOf.get('received_date')).toBe(1);
    expect(match.columnOf.get('complainant_phone')).toBe(9);
  });

  it('follows the file order when columns are reordered', () => {
    const header = ['count', 'measure', 'period', 'lsoa_code'];
    const match = recogniseOk(header);
    expect(match.module.id).toBe('health.activity');
    expect(Object.fromEntries(match.columnOf)).toEqual({ count: 0, measure: 1, period: 2, lsoa_code: 3 });
  });

  it('accepts a file without optional columns, and lists extra columns as unknown (dropped on read)', () => {
    const header = canonical('police.street_crime').filter((h) => h !== 'Context' && h !== 'LSOA name');
    header.push('Officer notes');
    const match = recogniseOk(header);
    expect(match.module.id).toBe('police.street_crime');
    expect(match.columnOf.has('context')).toBe(false);
    expect(match.unknownColumns).toEqual(['Officer notes']);
  });

  it('ignores blank header cells (a trailing comma) rather than calling them unexpected', () => {
    const match = recogniseOk([...canonical('health.activity'), '', ' ']);
    expect(match.unknownColumns).toEqual([]);
  });
});

describe('recognise: a header that fits nothing', () => {
  it('names the closest dataset, the missing required columns and the unexpected ones', () => {
    const header = canonical('police.street_crime').map((h) => (h === 'Crime type' ? 'Offence' : h));
    const result = recognise(DATASETS, header);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.closest?.module.id).toBe('police.street_crime');
    expect(result.closest?.missingRequired).toEqual(['Crime type']);
    expect(result.closest?.unknownColumns).toEqual(['Offence']);
    expect(result.explanation).toBe('header fits no known dataset; closest is police.street_crime, missing "Crime type"; unexpected "Offence"');
  });

  it('lists every missing required column of the closest dataset', () => {
    const result = recognise(DATASETS, ['incident_number', 'call_datetime', 'incident_type', 'property_category', 'easting', 'northing']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.closest?.module.id).toBe('fire.incidents');
    expect(result.closest?.missingRequired).toEqual(['incident_group', 'deliberate']);
    expect(result.explanation).toBe('header fits no known dataset; closest is fire.incidents, missing "incident_group", "deliberate"');
  });

  it('chooses health as closest for a health file missing its count column', () => {
    const result = recognise(DATASETS, ['LSOA_CODE', 'Period', 'Measure', 'Value']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.closest?.module.id).toBe('health.activity');
    expect(result.explanation).toContain('missing "count"');
    expect(result.explanation).toContain('unexpected "Value"');
  });

  it('treats a first line that names no known column as a missing header, without echoing its cells', () => {
    const dataRow = ['F20190100002', '01/01/2019 05:03', 'Megan Cunliffe', '71 Ashgrove Street, Leyland, PR1 2PQ'];
    const result = recognise(DATASETS, dataRow);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.closest).toBeNull();
    expect(result.explanation).toContain('header line missing');
    for (const cell of dataRow) expect(result.explanation).not.toContain(cell);
  });

  it('says no layouts are registered when there are none', () => {
    expect(recognise([], ['a', 'b'])).toEqual({ ok: false, closest: null, explanation: 'no dataset layouts are registered' });
  });
});

describe('recognise: a long or wide header is not echoed whole', () => {
  it('cuts each unexpected name to 40 characters and lists at most five', () => {
    const header = ['lsoa_code', 'period', 'measure', 'x'.repeat(5000), ...Array.from({ length: 9 }, (_, i) => `extra_${i}`)];
    const recognition = recognise(DATASETS, header);
    expect(recognition.ok).toBe(false);
    if (recognition.ok) return;
    expect(recognition.explanation).toContain(`"${'x'.repeat(40)}…"`);
    expect(recognition.explanation).toContain('and 5 more');
    expect(recognition.explanation.length).toBeLessThan(300);
  });
});

describe('matchHeader', () => {
  it('reports a missing required column by the header the partner would write', () => {
    const match = matchHeader(datasetById('council.service_requests')!, ['case_ref', 'received_date', 'service', 'easting', 'northing']);
    expect(match.missingRequired).toEqual(['postcode']);
  });

  it('matches a header cell only once per field even if the file repeats it', () => {
    const match = matchHeader(datasetById('health.activity')!, ['lsoa_code', 'period', 'measure', 'count', 'count']);
    expect(match.columnOf.get('count')).toBe(3);
  });

  it('lists a layout column the header names twice, with both positions, however it is written', () => {
    const match = matchHeader(datasetById('health.activity')!, ['lsoa_code', 'period', 'Count', 'measure', ' count ']);
    expect(match.duplicated).toEqual([{ header: 'count', columns: [3, 5] }]);
    expect(matchHeader(datasetById('health.activity')!, ['lsoa_code', 'period', 'measure', 'count']).duplicated).toEqual([]);
  });
});
