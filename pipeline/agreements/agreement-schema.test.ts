import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementSchema } from './agreement-schema.ts';

const dir = new URL('../../datasets/chorley-south-ribble/agreements/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();

/** A fresh copy of the pilot police agreement, as plain JSON to break. */
function policeAgreement(): Record<string, unknown> & { signatories: unknown[]; fields: { kept: unknown[]; dropped: string[]; pseudonymised: unknown[] } } {
  return JSON.parse(readFileSync(new URL('police-street-crime.json', dir), 'utf8'));
}

/** The issues of a refused agreement as "path: message". */
function issues(json: unknown): string[] {
  const result = agreementSchema.safeParse(json);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('agreementSchema: the pilot agreements', () => {
  it('has one agreement per pilot dataset', () => {
    expect(files).toEqual(['council-service-requests.json', 'fire-incidents.json', 'health-activity.json', 'health-ae-assault-attendances.json', 'police-street-crime.json']);
  });

  it.each(files)('%s parses, with at least two signatories and a lawful basis', (name) => {
    const agreement = agreementSchema.parse(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
    expect(agreement.signatories.length).toBeGreaterThanOrEqual(2);
    expect(agreement.lawfulBasis).toMatch(/UK GDPR/);
    expect(agreement.validFrom <= agreement.validTo).toBe(true);
    expect(agreement.dataset.startsWith(`${agreement.partner}.`)).toBe(true);
  });
});

describe('agreementSchema: broken agreements are refused with the field and the reason', () => {
  it('refuses an agreement with no lawful basis', () => {
    const json = policeAgreement();
    delete json.lawfulBasis;
    expect(issues(json)).toEqual([expect.stringMatching(/^lawfulBasis: /)]);
  });

  it('refuses a lawful basis too short to name anything', () => {
    expect(issues({ ...policeAgreement(), lawfulBasis: 'yes' })[0]).toMatch(/^lawfulBasis: /);
  });

  it('refuses fewer than two signatories, saying who must sign', () => {
    const json = policeAgreement();
    json.signatories = json.signatories.slice(0, 1);
    expect(issues(json)).toEqual(['signatories: needs at least two signatories (the partner and the partnership)']);
  });

  it('refuses a signatory without a signing date in YYYY-MM-DD', () => {
    const json = policeAgreement();
    json.signatories = [json.signatories[0], { name: 'A', role: 'B', organisation: 'C', signedOn: '20/03/2017' }];
    expect(issues(json)).toEqual(['signatories.1.signedOn: must be a date in the form YYYY-MM-DD']);
  });

  it('refuses validTo before validFrom', () => {
    expect(issues({ ...policeAgreement(), validFrom: '2019-04-01', validTo: '2019-03-31' })).toEqual(['validTo: is before validFrom']);
  });

  it('accepts an agreement valid for a single day', () => {
    expect(agreementSchema.safeParse({ ...policeAgreement(), validFrom: '2019-04-01', validTo: '2019-04-01' }).success).toBe(true);
  });

  it('refuses a dataset that belongs to another partner', () => {
    expect(issues({ ...policeAgreement(), dataset: 'fire.incidents' })).toEqual(['dataset: must belong to partner "police"']);
  });

  it('refuses a field listed twice (kept and dropped)', () => {
    const json = policeAgreement();
    json.fields.dropped = [...json.fields.dropped, 'crime_type'];
    expect(issues(json)).toEqual(['fields: field "crime_type" is listed twice']);
  });

  it('refuses an agreement that keeps no fields', () => {
    const json = policeAgreement();
    json.fields.kept = [];
    expect(issues(json)[0]).toMatch(/^fields\.kept: /);
  });

  it('refuses an unknown field type, role, geography or suppression threshold', () => {
    const json = policeAgreement();
    json.fields.kept = [{ name: 'crime_type', type: 'text' }];
    expect(issues(json)[0]).toMatch(/^fields\.kept\.0\.type: /);
    expect(issues({ ...policeAgreement(), access: { rawRows: ['everyone'], aggregates: [] } })[0]).toMatch(
      /^access\.rawRows\.0: must be admin, analyst, executive, public or partner:<id>/,
    );
    expect(issues({ ...policeAgreement(), geography: { finest: 'postcode' } })[0]).toMatch(/^geography\.finest: /);
    expect(issues({ ...policeAgreement(), suppression: { threshold: -1, rounding: null } })[0]).toMatch(/^suppression\.threshold: /);
  });

  it('refuses a purpose too short to say what the data is for', () => {
    expect(issues({ ...policeAgreement(), purpose: 'crime' })).toEqual(['purpose: must say what the data is for (at least 20 characters)']);
  });
});
