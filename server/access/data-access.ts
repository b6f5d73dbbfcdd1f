import type { Role } from '../../pipeline/access/role.ts';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import type { Agreement } from '../../pipeline/agreements/agreement-schema.ts';
import { sourceDatasets, type IndicatorDefinition } from '../../pipeline/indicators/indicator-definition.ts';
import type { FigureAudience } from '../../pipeline/indicators/indicator-value.ts';
import type { ObservatoryState } from '../observatory-state.ts';

/**
 * The data-level rules of the access table: which agreement list (access.aggregates,
 * access.rawRows) names a role, and which data a partner owns.
 */

/** The agreement that governs a dataset's figures today: the one in force, else the latest. */
export function governingAgreement(state: ObservatoryState, dataset: string): Agreement | null {
  const forDataset = state.agreements.filter((a) => a.dataset === dataset);
  const today = state.today();
  const inForce = forDataset.filter((a) => a.validFrom <= today && today <= a.validTo);
  const candidates = inForce.length > 0 ? inForce : forDataset;
  return [...candidates].sort((a, b) => b.validTo.localeCompare(a.validTo) || b.version.localeCompare(a.version, 'en', { numeric: true }))[0] ?? null;
}

/** The partner datasets an indicator is built on (none for reference indicators built on open data). */
export function datasetsOfIndicator(state: ObservatoryState, definition: IndicatorDefinition): string[] {
  return sourceDatasets(definition, state.definitions);
}

/**
 * The partner datasets behind the indicators (by id) whose figures a board page showed, for the audit:
 * a partner's usage counts a read of its data only where the page showed a figure built on it.
 */
export function datasetsShown(state: ObservatoryState, indicatorIds: Iterable<string>): string[] {
  const ids = new Set(indicatorIds);
  return [...new Set(state.definitions.filter((d) => ids.has(d.id)).flatMap((d) => datasetsOfIndicator(state, d)))].sort();
}

/** Whether an agreement lets a role see aggregates: it names the role, or "public" (what anyone may see, every role may). */
export function aggregatesAllowed(agreement: Agreement | null, role: Role): boolean {
  const allowed = agreement?.access.aggregates ?? [];
  return allowed.includes(role) || allowed.includes('public');
}

/** Whether a role may read an indicator's figures: every agreement it is built on allows the role its aggregates. */
export function mayReadIndicator(state: ObservatoryState, role: Role, definition: IndicatorDefinition): boolean {
  return datasetsOfIndicator(state, definition).every((dataset) => aggregatesAllowed(governingAgreement(state, dataset), role));
}

/**
 * Who a role reads an indicator's figures as: `governance` (shown the rule that withheld a figure)
 * when every agreement the indicator is built on lets the role see raw rows, since it could count
 * them anyway; otherwise `public`, the one public reason only. Reference indicators: public.
 */
export function figureAudience(state: ObservatoryState, role: Role, definition: IndicatorDefinition): FigureAudience {
  const datasets = datasetsOfIndicator(state, definition);
  if (datasets.length === 0) return 'public';
  return datasets.every((dataset) => governingAgreement(state, dataset)?.access.rawRows.includes(role) === true) ? 'governance' : 'public';
}

/** The indicators a role may read. */
export function visibleIndicators(state: ObservatoryState, role: Role): IndicatorDefinition[] {
  return state.definitions.filter((d) => mayReadIndicator(state, role, d));
}

/** The agreement an extract was loaded under (by id and version), else the dataset's governing one. */
export function agreementOfExtract(state: ObservatoryState, extract: { agreementId: string | null; agreementVersion: string | null; dataset: string | null }): Agreement | null {
  const exact = state.agreements.find((a) => a.id === extract.agreementId && a.version === extract.agreementVersion);
  return exact ?? (extract.dataset ? governingAgreement(state, extract.dataset) : null);
}

/** Why a role may not see an extract's raw rows, or null if it may: a partner only its own, and only if the agreement's access.rawRows names the role. */
export function rawRowsRefusal(state: ObservatoryState, role: Role, extract: { partner: string | null; agreementId: string | null; agreementVersion: string | null; dataset: string | null }): string | null {
  const partner = partnerOfRole(role);
  if (partner !== null && extract.partner !== partner) return `this extract belongs to another partner; ${role} may see only its own`;
  const agreement = agreementOfExtract(state, extract);
  if (!agreement) return 'no agreement covers this extract, so nobody may see its raw rows';
  if (!agreement.access.rawRows.includes(role)) {
    return `agreement ${agreement.id} v${agreement.version} lets only ${agreement.access.rawRows.join(', ') || 'nobody'} see raw rows`;
  }
  return null;
}
