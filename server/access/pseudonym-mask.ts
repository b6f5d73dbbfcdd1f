import type { Agreement } from '../../pipeline/agreements/agreement-schema.ts';

/** What a pseudonymised field shows in any response. */
export const PSEUDONYMISED = '(pseudonymised)';

/**
 * A quarantined row's kept values with every pseudonymised field (by the
 * agreement) shown as "(pseudonymised)": a pseudonym in a response would let
 * anyone who can upload test guesses against it. Without an agreement, every
 * value that is not a kept field is masked.
 */
export function maskPseudonyms(keptValues: unknown, agreement: Agreement | null): Record<string, string> {
  const values = typeof keptValues === 'object' && keptValues !== null ? Object.entries(keptValues) : [];
  const kept = new Set(agreement?.fields.kept.map((f) => f.name) ?? []);
  return Object.fromEntries(values.map(([name, value]) => [name, kept.has(name) ? String(value) : PSEUDONYMISED]));
}
