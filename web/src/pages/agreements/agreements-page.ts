/** /agreements: every agreement the viewer may see, with its end and review warnings. */
import { el } from '../../components/dom.ts';
import { governanceApi } from '../governance-common/governance-api.ts';
import { setPageState } from '../../components/page-state.ts';
import { dataTable, deadlineBadge, type Viewer } from '../governance-common/page-frame.ts';
import { shortDate } from '../governance-common/words.ts';

/** Draws the agreements list into `root`. */
export async function showAgreementsPage(root: HTMLElement, viewer: Viewer): Promise<void> {
  document.title = 'Data-sharing agreements – Neighbourhood Observatory';
  const { agreements, today } = await governanceApi.agreements();
  const intro =
    viewer.partner === null
      ? 'Every data-sharing agreement the partnership holds: the partner, the dataset, when it ends and when it is due for review.'
      : 'The data-sharing agreements between your organisation and the partnership: what they allow, when they end and when they are due for review.';
  const body =
    agreements.length === 0
      ? el('p', { class: 'empty' }, 'There are no agreements to show. An agreement is a file in the partnership’s agreements folder; none names your organisation.')
      : dataTable(
          `Agreements, judged on ${shortDate(today)}`,
          ['Agreement', 'Partner', 'Dataset', 'In force until', 'Review', 'Status'],
          agreements.map((a) => [
            el('a', { href: `/agreements/${encodeURIComponent(a.id)}` }, `${a.id} (version ${a.version})`),
            el('a', { href: `/partners/${encodeURIComponent(a.partner)}` }, a.partnerName),
            a.dataset,
            shortDate(a.validTo),
            a.reviewOn ? shortDate(a.reviewOn) : 'None set',
            deadlineBadge(a.deadlines),
          ]),
          { id: 'agreements' },
        );
  root.replaceChildren(el('h1', {}, 'Data-sharing agreements'), el('p', { class: 'lead' }, intro), body);
  setPageState('ready');
}
