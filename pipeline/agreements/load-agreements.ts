import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckedJson } from '../checked-json.ts';
import { AgreementError } from '../errors.ts';
import { datasetById } from '../datasets/registry.ts';
import { agreementSchema, type Agreement } from './agreement-schema.ts';

/** Parses and validates one agreement file; errors name the file and the field. */
export function parseAgreementFile(file: string, text: string): Agreement {
  const agreement = parseCheckedJson(file, text, agreementSchema, (message, location, cause) => {
    if (location.field === undefined) return new AgreementError(message, location, { cause });
    // An agreement's message starts with its field, so a signatory reading it alone knows where to look.
    const field = location.field || '(root)';
    return new AgreementError(`${field} ${message}`, { ...location, field });
  });
  const module = datasetById(agreement.dataset);
  if (!module) throw new AgreementError(`dataset "${agreement.dataset}" is not a known dataset`, { file, field: 'dataset' });
  const storable = new Set(module.fields.filter((f) => f.storage !== undefined).map((f) => f.name));
  for (const field of [...agreement.fields.kept, ...agreement.fields.pseudonymised]) {
    if (!storable.has(field.name)) {
      throw new AgreementError(`field "${field.name}" cannot be kept: it is not a storable field of ${module.id}`, {
        file,
        field: 'fields',
      });
    }
  }
  return agreement;
}

/** Loads every agreement in a partnership's agreements/ folder. */
export function loadAgreements(partnershipDir: string): Agreement[] {
  const dir = join(partnershipDir, 'agreements');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  return files.map((name) => {
    const file = join(dir, name);
    return parseAgreementFile(file, readFileSync(file, 'utf8'));
  });
}

/** The latest version of the agreement in force for a dataset on a day, or an error saying why not. */
export function agreementInForce(agreements: readonly Agreement[], dataset: string, day: string): Agreement {
  const forDataset = agreements.filter((a) => a.dataset === dataset);
  if (forDataset.length === 0) {
    throw new AgreementError(`no data-sharing agreement exists for ${dataset}; it cannot be loaded`, { field: 'dataset' });
  }
  const inForce = forDataset
    .filter((a) => a.validFrom <= day && day <= a.validTo)
    .sort((a, b) => compareVersions(b.version, a.version));
  const chosen = inForce[0];
  if (!chosen) {
    const latest = [...forDataset].sort((a, b) => b.validTo.localeCompare(a.validTo))[0];
    const when = latest && latest.validTo < day ? `expired on ${latest.validTo}` : `is not in force until ${latest?.validFrom}`;
    throw new AgreementError(`agreement ${latest?.id} v${latest?.version} for ${dataset} ${when}; no agreement is in force on ${day}`, {
      field: 'validTo',
    });
  }
  return chosen;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
