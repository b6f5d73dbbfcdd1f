import { describe, expect, it } from 'vitest';
import { readDate } from './date-formats.ts';
import { monthSchema, ukDateSchema, ukDateTimeSchema } from './field-parsers.ts';
import { DATASETS } from './registry.ts';

const SAMPLES = ['2018-01', '2018-13', '1989-12', '14/01/2018', '31/02/2018', '29/02/2020', '14/01/2018 19:05', '14/01/2018 24:00', '1/2/2018 7:05:09', '2018-01-14', '', 'soon'];

describe('the date formats the browser shares', () => {
  it('accept and refuse exactly what the pipeline’s parsers do', () => {
    for (const value of SAMPLES) {
      expect(readDate('month', value) !== null, `month ${value}`).toBe(monthSchema.safeParse(value).success);
      expect(readDate('uk-date', value) !== null, `uk-date ${value}`).toBe(ukDateSchema.safeParse(value).success);
      expect(readDate('uk-date-time', value) !== null, `uk-date-time ${value}`).toBe(ukDateTimeSchema.safeParse(value).success);
    }
  });

  it('are declared on every dataset field that dates a row, so the preview checks it', () => {
    const dated = Object.fromEntries(DATASETS.map((d) => [d.id, d.fields.filter((f) => f.dateFormat).map((f) => `${f.name}:${f.dateFormat}`)]));
    expect(dated).toEqual({
      'police.street_crime': ['month:month'],
      'fire.incidents': ['call_datetime:uk-date-time'],
      'health.activity': ['period:month'],
      'council.service_requests': ['received_date:uk-date'],
      'health.ae_assault_attendances': ['arrival_datetime:uk-date-time'],
    });
  });
});
