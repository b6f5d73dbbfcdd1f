/** /agreements/{id}[?version=]: one agreement in plain English, then its definition in detail. */
import { el } from '../../components/dom.ts';
import type { AgreementDetail } from '../../../../server/contract/index.ts';
import { governanceApi } from '../governance-common/governance-api.ts';
import { setPageState } from '../../components/page-state.ts';
import { dataTable, deadlineBadge } from '../governance-common/page-frame.ts';
import { deadlineSummary, shortDate } from '../governance-common/words.ts';

function fieldRows(agreement: AgreementDetail): string[][] {
  return [
    ...agreement.fields.kept.map((f) => [f.name, f.type, 'Kept as sent']),
    ...agreement.fields.pseudonymised.map((f) => [f.name, f.type, 'Pseudonymised (replaced by a keyed code)']),
    ...agreement.fields.dropped.map((name) => [name, '–', 'Dropped before storage']),
  ];
}

/** Draws one agreement into `root`. */
export async function showAgreementPage(root: HTMLElement, id: string, version: string | null): Promise<void> {
  const agreement = await governanceApi.agreement(id, version);
  document.title = `${agreement.partnerName}: ${agreement.dataset} agreement – Neighbourhood Observatory`;
  const summary = deadlineSummary(agreement.deadlines);
  const warning =
    summary.level === 'ok'
      ? null
      : el('div', { class: `callout deadline-${summary.level}`, role: 'note', id: 'deadline-warning' }, el('strong', {}, 'Attention: '), `${summary.text}. `, 'See “When it applies” below.');
  const sections = agreement.plainEnglish.map((section) =>
    el('section', { class: 'plain-section', id: `section-${section.id}`, 'aria-labelledby': `heading-${section.id}` }, el('h2', { id: `heading-${section.id}` }, section.heading), ...section.sentences.map((s) => el('p', {}, s))),
  );
  const indicators =
    agreement.indicators.length === 0
      ? null
      : el('ul', { class: 'link-list' }, ...agreement.indicators.map((i) => el('li', {}, el('a', { href: `/indicators/${encodeURIComponent(i.id)}` }, i.title))));
  root.replaceChildren(
    el('p', { class: 'breadcrumb' }, el('a', { href: '/agreements' }, 'Agreements'), ' › ', agreement.id),
    el('h1', {}, `${agreement.partnerName}: ${agreement.dataset}`),
    el(
      'p',
      { class: 'lead' },
      `Data-sharing agreement ${agreement.id}, version ${agreement.version}, between ${agreement.partnerName} and the partnership. Status: `,
      deadlineBadge(agreement.deadlines),
    ),
    warning ?? '',
    el('div', { class: 'plain-english', id: 'plain-english' }, ...sections),
    indicators ? el('section', { 'aria-labelledby': 'indicator-links' }, el('h2', { id: 'indicator-links' }, 'See the indicators'), indicators) : '',
    el(
      'section',
      { 'aria-labelledby': 'definition-heading' },
      el('h2', { id: 'definition-heading' }, 'The definition in detail'),
      dataTable('Signatories', ['Name', 'Role', 'Organisation', 'Signed on'], agreement.signatories.map((s) => [s.name, s.role, s.organisation, shortDate(s.signedOn)])),
      dataTable('Fields and what happens to them', ['Field', 'Type', 'Before storage'], fieldRows(agreement), { id: 'fields' }),
      el(
        'p',
        {},
        `Raw rows held: ${agreement.retention.extractsHeld} ${agreement.retention.extractsHeld === 1 ? 'extract' : 'extracts'}. `,
        agreement.retention.lastPurgedOn ? `Last purged on ${shortDate(agreement.retention.lastPurgedOn)}. ` : 'Never purged yet. ',
        agreement.otherVersions.length > 0 ? `Other versions: ${agreement.otherVersions.join(', ')}.` : '',
      ),
      el('p', {}, el('a', { href: `/partners/${encodeURIComponent(agreement.partner)}` }, `${agreement.partnerName}: extracts, indicators and usage`)),
    ),
  );
  setPageState('ready');
}
