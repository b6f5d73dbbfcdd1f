/**
 * Agreements as the API shows them: the definition, its deadlines on the
 * observatory's today, its retention schedule, the indicators built on it and
 * its plain-English text. One place, so the list, the agreement and the
 * partner's window agree.
 */
import { agreementDeadlines } from '../pipeline/agreements/agreement-deadlines.ts';
import { agreementInPlainEnglish } from '../pipeline/agreements/agreement-in-plain-english.ts';
import type { Agreement } from '../pipeline/agreements/agreement-schema.ts';
import { NotFoundError } from '../pipeline/errors.ts';
import { sourceDatasets } from '../pipeline/indicators/indicator-definition.ts';
import { retentionSchedule } from '../pipeline/retention/retention-schedule.ts';
import type { AgreementDetail, AgreementSummary, IndicatorRef } from './contract/index.ts';
import type { ObservatoryState } from './observatory-state.ts';

/** Partner ids to the names their agreements give. */
export function partnerNames(state: ObservatoryState): Record<string, string> {
  return Object.fromEntries(state.agreements.map((a) => [a.partner, a.partnerName]));
}

/** Indicators whose numerator or denominator counts rows of a dataset. */
export function indicatorsOnDataset(state: ObservatoryState, dataset: string): IndicatorRef[] {
  return state.definitions.filter((d) => sourceDatasets(d, state.definitions).includes(dataset)).map((d) => ({ id: d.id, title: d.title }));
}

/** Every agreement's latest version first, by partner then id. */
export function latestVersions(agreements: readonly Agreement[]): Agreement[] {
  const byId = new Map<string, Agreement>();
  for (const a of agreements) {
    const seen = byId.get(a.id);
    if (!seen || seen.version.localeCompare(a.version, 'en', { numeric: true }) < 0) byId.set(a.id, a);
  }
  return [...byId.values()].sort((a, b) => a.partner.localeCompare(b.partner) || a.id.localeCompare(b.id));
}

/** The agreement of an id (a version, or its latest), or a 404 naming what exists. */
export function findAgreement(state: ObservatoryState, id: string, version?: string): Agreement {
  const versions = state.agreements.filter((a) => a.id === id);
  if (versions.length === 0) throw new NotFoundError(`no agreement "${id}"; GET /api/agreements lists them`, { field: 'id' });
  if (version === undefined) return latestVersions(versions)[0] as Agreement;
  const exact = versions.find((a) => a.version === version);
  if (!exact) throw new NotFoundError(`agreement ${id} has no version ${version}; it has ${versions.map((a) => a.version).join(', ')}`, { field: 'version' });
  return exact;
}

/** An agreement's line in a list. */
export function agreementSummary(state: ObservatoryState, agreement: Agreement): AgreementSummary {
  return {
    id: agreement.id,
    version: agreement.version,
    partner: agreement.partner,
    partnerName: agreement.partnerName,
    dataset: agreement.dataset,
    validFrom: agreement.validFrom,
    validTo: agreement.validTo,
    reviewOn: agreement.reviewOn ?? null,
    deadlines: agreementDeadlines(agreement, state.today()),
  };
}

/** An agreement in full, with its plain-English text. */
export async function agreementDetail(state: ObservatoryState, agreement: Agreement): Promise<AgreementDetail> {
  const today = state.today();
  const indicators = indicatorsOnDataset(state, agreement.dataset);
  const retention = await retentionSchedule(state.db, agreement);
  return {
    ...agreementSummary(state, agreement),
    purpose: agreement.purpose,
    lawfulBasis: agreement.lawfulBasis,
    signatories: agreement.signatories,
    fields: agreement.fields,
    finestGeography: agreement.geography.finest,
    suppression: { threshold: agreement.suppression.threshold, roundingBase: agreement.suppression.rounding?.base ?? null },
    retention: { days: agreement.retentionDays, ...retention },
    access: agreement.access,
    indicators,
    otherVersions: state.agreements.filter((a) => a.id === agreement.id && a.version !== agreement.version).map((a) => a.version),
    plainEnglish: agreementInPlainEnglish(agreement, { today, indicators, nextPurgeDue: retention.nextPurgeDue, partnerNames: partnerNames(state) }),
  };
}
