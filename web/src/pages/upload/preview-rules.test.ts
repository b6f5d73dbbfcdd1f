import { describe, expect, it } from 'vitest';
import type { DatasetLayout } from '../../../../server/contract/datasets.ts';
import { previewFile } from './preview-rules.ts';

const fire: DatasetLayout = {
  id: 'fire.incidents',
  partner: 'fire',
  partnerName: 'Lancashire Fire and Rescue Service',
  title: 'Fire incidents',
  agreement: { id: 'DSA-FIRE', version: '1.0', validFrom: '2017-04-01', validTo: '2030-03-31', inForce: true },
  fields: [
    { name: 'incident_number', header: 'incident_number', required: true, dateFormat: null, handling: 'pseudonymised', personal: false },
    { name: 'call_datetime', header: 'call_datetime', required: true, dateFormat: 'uk-date-time', handling: 'kept', personal: false },
    { name: 'easting', header: 'easting', required: true, dateFormat: null, handling: 'dropped', personal: false },
    { name: 'caller_name', header: 'caller_name', required: false, dateFormat: null, handling: 'dropped', personal: true },
    { name: 'address', header: 'address', required: false, dateFormat: null, handling: 'dropped', personal: true },
  ],
};
const police: DatasetLayout = {
  ...fire,
  id: 'police.street_crime',
  title: 'Street crime',
  fields: [
    { name: 'month', header: 'Month', required: true, dateFormat: 'month', handling: 'used', personal: false },
    { name: 'crime_type', header: 'Crime type', required: true, dateFormat: null, handling: 'kept', personal: false },
  ],
};

describe('previewFile', () => {
  it('matches the dataset by header as the pipeline does (case and spacing aside) and maps each column', () => {
    const preview = previewFile([police, fire], { header: [' Incident_Number ', 'Call DateTime', 'EASTING', 'caller_name', 'notes'], rows: [] });
    expect(preview.dataset?.id).toBe('fire.incidents');
    expect(preview.mapping.map((m) => m.field?.name ?? null)).toEqual(['incident_number', 'call_datetime', 'easting', 'caller_name', null]);
    expect(preview.problems.map((p) => p.text).join('\n')).toMatch(/Personal data that will be dropped before storage: caller_name\./);
    expect(preview.problems.map((p) => p.text).join('\n')).toMatch(/Columns not in the fire.incidents layout: notes/);
  });

  it('lists the lines whose dates the pipeline could not read', () => {
    const row = (line: number, date: string) => ({ line, cells: ['F1', date, '350000', 'A Person', '1 Road'] });
    const preview = previewFile([fire], {
      header: ['incident_number', 'call_datetime', 'easting', 'caller_name', 'address'],
      rows: [row(2, '14/01/2018 19:05'), row(3, '2018-13-01'), row(4, '31/02/2018 10:00'), row(5, ''), row(7, '01/02/2018 00:00')],
    });
    const dates = preview.problems.find((p) => p.text.includes('not a date'));
    expect(dates?.text).toBe('3 of the first 5 rows have a call_datetime that is not a date in the form DD/MM/YYYY HH:MM (lines 3, 4, 5); they will be quarantined.');
  });

  it('says the file would be refused when the header fits no layout, or the agreement is not in force', () => {
    expect(previewFile([fire], { header: ['a', 'b'], rows: [] }).problems[0]?.severity).toBe('refusal');
    const lapsed = { ...fire, agreement: { ...fire.agreement!, inForce: false } };
    const preview = previewFile([lapsed], { header: ['incident_number', 'call_datetime', 'easting'], rows: [] });
    expect(preview.problems.some((p) => p.severity === 'refusal' && /not in force/.test(p.text))).toBe(true);
  });
});
