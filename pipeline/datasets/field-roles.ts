/**
 * What the shared judge needs of a dataset, derived from its row schema rather
 * than written per dataset: each field's role, and a judge of the key fields
 * alone that answers exactly as parseRow does for a whole row.
 */
import type { DatasetModule, FieldRole, KeyVerdict, RawRow, StoredValue } from './dataset-module.ts';
import { firstProblem, optionalTextSchema, requiredTextSchema } from './field-parsers.ts';

/** Stands in for a required text field's value while the keys are judged: its blankness is judged apart, per row. */
const REQUIRED_TEXT_STAND_IN = 'x';

/**
 * Each field's role: free text whose parser only trims is 'text' ('required-text' when
 * it must not be blank), unless the dataset names it among its textKeys; every other
 * parsed field is a 'key'. A field the schema does not parse (personal data never
 * stored) is text, never judged; one that is stored but not parsed is a key.
 */
export function fieldRoles(module: DatasetModule): ReadonlyMap<string, FieldRole> {
  const shape = module.rowSchema.shape;
  const textKeys = new Set(module.textKeys ?? []);
  const roles = new Map<string, FieldRole>();
  for (const field of module.fields) {
    const parser = shape[field.name];
    if (textKeys.has(field.name)) roles.set(field.name, 'key');
    else if (parser === undefined) roles.set(field.name, field.storage === undefined ? 'text' : 'key');
    else if (parser === optionalTextSchema) roles.set(field.name, 'text');
    else if (parser === requiredTextSchema) roles.set(field.name, 'required-text');
    else roles.set(field.name, 'key');
  }
  return roles;
}

/**
 * Judges one combination of key values with the dataset's own schema and parseRow, the
 * other fields absent (text empty, required text standing in as non-blank): a schema
 * failure is reported as such, so the caller can order it against blank required text.
 */
export function judgeKeys(module: DatasetModule, roles: ReadonlyMap<string, FieldRole>, keys: Readonly<RawRow>): KeyVerdict {
  const raw: RawRow = {};
  for (const field of module.fields) {
    const role = roles.get(field.name);
    raw[field.name] = role === 'key' ? (keys[field.name] ?? '') : role === 'required-text' ? REQUIRED_TEXT_STAND_IN : '';
  }
  const checked = module.rowSchema.safeParse(raw);
  if (!checked.success) return { ok: false, schema: true, ...firstProblem(checked.error) };
  const parsed = module.parseRow(raw);
  if (!parsed.ok) return { ok: false, schema: false, field: parsed.field, reason: parsed.reason };
  const values: Record<string, StoredValue> = {};
  for (const field of module.fields) {
    if (roles.get(field.name) === 'key' && field.storage !== undefined) values[field.name] = parsed.values[field.name] ?? null;
  }
  return { ok: true, period: parsed.period, location: parsed.location, values, ...(parsed.senderSuppressed ? { senderSuppressed: true } : {}) };
}
