import type { Pseudonymiser } from './pseudonymiser.ts';

/**
 * What a quarantined row keeps of its raw cells: the non-empty values of the
 * fields the agreement keeps, then pseudonyms of the non-empty pseudonymised
 * ones, in the agreement's order. Dropped fields are never among them.
 */
export function keptRawValues(
  raw: Readonly<Record<string, string | undefined>>,
  policy: { kept: Iterable<string>; pseudonymised: Iterable<string> },
  pseudonymiser: Pseudonymiser,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of policy.kept) {
    const value = raw[name];
    if (value) kept[name] = value;
  }
  for (const name of policy.pseudonymised) {
    const value = raw[name];
    if (value) kept[name] = pseudonymiser.pseudonym(name, value);
  }
  return kept;
}
