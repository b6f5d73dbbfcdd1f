import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AgreementError } from '../errors.ts';
import type { Agreement } from './agreement-schema.ts';
import { agreementInForce, loadAgreements, parseAgreementFile } from './load-agreements.ts';

const PILOT_DIR = fileURLToPath(new URL('../../datasets/chorley-south-ribble/', import.meta.url));
const FIRE_FILE = join(PILOT_DIR, 'agreements', 'fire-incidents.json');

/** A fresh copy of the pilot fire agreement, as plain JSON to break. */
function fireAgreement(): Record<string, unknown> & { fields: { kept: { name: string; type: string }[]; dropped: string[]; pseudonymised: { name: string; type: string }[] } } {
  return JSON.parse(readFileSync(FIRE_FILE, 'utf8'));
}

/** The AgreementError thrown by fn. */
function refusal(fn: () => unknown): AgreementError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AgreementError);
    return error as AgreementError;
  }
  throw new Error('expected an AgreementError, nothing was thrown');
}

describe('loadAgreements', () => {
  it('loads each pilot agreement, one per dataset', () => {
    const agreements = loadAgreements(PILOT_DIR);
    expect(agreements.map((a) => a.dataset).sort()).toEqual(['council.service_requests', 'fire.incidents', 'health.activity', 'health.ae_assault_attendances', 'police.street_crime']);
    expect(agreements.find((a) => a.dataset === 'police.street_crime')?.suppression.threshold).toBe(0);
  });

  const temp = mkdtempSync(join(tmpdir(), 'agreements-test-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('refuses a folder holding a broken agreement, naming its file', () => {
    const partnership = join(temp, 'broken');
    mkdirSync(join(partnership, 'agreements'), { recursive: true });
    const json = fireAgreement();
    delete json.lawfulBasis;
    writeFileSync(join(partnership, 'agreements', 'fire.json'), JSON.stringify(json));
    writeFileSync(join(partnership, 'agreements', 'notes.txt'), 'not an agreement');
    const error = refusal(() => loadAgreements(partnership));
    expect(error.location.file).toBe(join(partnership, 'agreements', 'fire.json'));
    expect(error.location.field).toBe('lawfulBasis');
  });
});

describe('parseAgreementFile: refusals name the file, the field and the reason', () => {
  it('refuses a missing lawful basis', () => {
    const json = fireAgreement();
    delete json.lawfulBasis;
    const error = refusal(() => parseAgreementFile('agreements/fire.json', JSON.stringify(json)));
    expect(error.location).toEqual({ file: 'agreements/fire.json', field: 'lawfulBasis' });
    expect(error.describe()).toMatch(/^agreements\/fire\.json field "lawfulBasis": lawfulBasis /);
  });

  it('refuses keeping a field that can never be stored (personal data)', () => {
    const json = fireAgreement();
    json.fields.dropped = json.fields.dropped.filter((name) => name !== 'caller_name');
    json.fields.kept.push({ name: 'caller_name', type: 'string' });
    const error = refusal(() => parseAgreementFile('agreements/fire.json', JSON.stringify(json)));
    expect(error.location).toEqual({ file: 'agreements/fire.json', field: 'fields' });
    expect(error.message).toBe('field "caller_name" cannot be kept: it is not a storable field of fire.incidents');
  });

  it('refuses pseudonymising a field that can never be stored', () => {
    const json = fireAgreement();
    json.fields.dropped = json.fields.dropped.filter((name) => name !== 'address');
    json.fields.pseudonymised.push({ name: 'address', type: 'string' });
    expect(refusal(() => parseAgreementFile('f.json', JSON.stringify(json))).message).toBe('field "address" cannot be kept: it is not a storable field of fire.incidents');
  });

  it('refuses keeping a field the dataset does not have', () => {
    const json = fireAgreement();
    json.fields.kept.push({ name: 'officer_name', type: 'string' });
    expect(refusal(() => parseAgreementFile('f.json', JSON.stringify(json))).message).toContain('"officer_name" cannot be kept');
  });

  it('refuses fewer than two signatories', () => {
    const json = { ...fireAgreement(), signatories: [] };
    const error = refusal(() => parseAgreementFile('agreements/fire.json', JSON.stringify(json)));
    expect(error.location.field).toBe('signatories');
    expect(error.message).toBe('signatories needs at least two signatories (the partner and the partnership)');
  });

  it('refuses validTo before validFrom', () => {
    const json = { ...fireAgreement(), validFrom: '2020-01-01', validTo: '2019-12-31' };
    const error = refusal(() => parseAgreementFile('agreements/fire.json', JSON.stringify(json)));
    expect(error.location.field).toBe('validTo');
    expect(error.message).toBe('validTo is before validFrom');
  });

  it('refuses a dataset no module knows', () => {
    const json = { ...fireAgreement(), dataset: 'fire.inspections' };
    const error = refusal(() => parseAgreementFile('f.json', JSON.stringify(json)));
    expect(error.location.field).toBe('dataset');
    expect(error.message).toBe('dataset "fire.inspections" is not a known dataset');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const error = refusal(() => parseAgreementFile('agreements/fire.json', '{ "id": '));
    expect(error.location.file).toBe('agreements/fire.json');
    expect(error.message).toMatch(/^is not valid JSON/);
  });

  it('refuses an empty object at its first missing field', () => {
    const error = refusal(() => parseAgreementFile('f.json', '{}'));
    expect(error.location.field).toBe('id');
  });
});

describe('agreementInForce', () => {
  const base = parseAgreementFile(FIRE_FILE, readFileSync(FIRE_FILE, 'utf8'));
  const version = (v: string, validFrom: string, validTo: string): Agreement => ({ ...base, id: 'DSA-FIRE', version: v, validFrom, validTo });

  it('gives the agreement in force on the day, inclusive of both ends', () => {
    const agreements = [version('1.0', '2017-04-01', '2019-03-31')];
    expect(agreementInForce(agreements, 'fire.incidents', '2017-04-01').version).toBe('1.0');
    expect(agreementInForce(agreements, 'fire.incidents', '2019-03-31').version).toBe('1.0');
  });

  it('prefers the highest version in force, comparing versions numerically (1.10 after 1.9)', () => {
    const agreements = [version('1.9', '2017-04-01', '2030-03-31'), version('1.10', '2018-04-01', '2030-03-31'), version('2', '2031-01-01', '2032-01-01')];
    expect(agreementInForce(agreements, 'fire.incidents', '2019-01-01').version).toBe('1.10');
    expect(agreementInForce(agreements, 'fire.incidents', '2018-01-01').version).toBe('1.9');
  });

  it('refuses after expiry, naming the agreement, its version and its expiry date', () => {
    const agreements = [version('1.0', '2017-04-01', '2019-03-31')];
    const error = refusal(() => agreementInForce(agreements, 'fire.incidents', '2019-04-01'));
    expect(error.message).toBe('agreement DSA-FIRE v1.0 for fire.incidents expired on 2019-03-31; no agreement is in force on 2019-04-01');
    expect(error.location.field).toBe('validTo');
  });

  it('names the latest-ending agreement when several have expired', () => {
    const agreements = [version('1.0', '2015-04-01', '2017-03-31'), version('2.0', '2017-04-01', '2019-03-31')];
    expect(refusal(() => agreementInForce(agreements, 'fire.incidents', '2020-01-01')).message).toContain('DSA-FIRE v2.0 for fire.incidents expired on 2019-03-31');
  });

  it('refuses before an agreement starts, saying when it will', () => {
    const agreements = [version('1.0', '2017-04-01', '2019-03-31')];
    expect(refusal(() => agreementInForce(agreements, 'fire.incidents', '2017-03-31')).message).toBe(
      'agreement DSA-FIRE v1.0 for fire.incidents is not in force until 2017-04-01; no agreement is in force on 2017-03-31',
    );
  });

  it('refuses a dataset with no agreement at all', () => {
    expect(refusal(() => agreementInForce([version('1.0', '2017-04-01', '2019-03-31')], 'police.street_crime', '2018-01-01')).message).toBe(
      'no data-sharing agreement exists for police.street_crime; it cannot be loaded',
    );
  });

  it('finds every pilot agreement in force on the pilot test day', () => {
    const agreements = loadAgreements(PILOT_DIR);
    for (const dataset of ['police.street_crime', 'fire.incidents', 'health.activity', 'council.service_requests']) {
      expect(agreementInForce(agreements, dataset, '2026-11-23').dataset).toBe(dataset);
    }
  });
});
