/** The strategic risk register (/risks): inherent, target and current scores, previous scores by review date, movement, and the linked indicators. */
import { el, tableHead } from '../../components/dom.ts';
import { fixed, mountBoardPage } from '../board-common/board-frame.ts';
import { getBoardJson, RiskList, type Risk, type Score } from '../board-common/boards-api.ts';

function scoreCell(s: Score): HTMLTableCellElement {
  return el('td', {}, el('span', { class: `rag rag-${s.rag}`, 'data-rag': s.rag, title: `${s.likelihoodLabel} likelihood × ${s.impactLabel} impact: ${s.band}` }, `${s.likelihood} × ${s.impact} = ${s.score}`));
}

function linkedIndicators(r: Risk): HTMLElement | null {
  if (r.linkedIndicators.length === 0) return null;
  return el(
    'details',
    {},
    el('summary', {}, 'What the linked indicators did'),
    ...r.linkedIndicators.map((l) =>
      el(
        'div',
        { class: 'linked' },
        el('strong', {}, `${l.title}, ${l.areaName ?? l.area} (${l.unit})`),
        el('ul', {}, ...l.atReviews.map((a) => el('li', {}, `${a.reviewDate}: ${a.value === null ? 'no figure yet' : `${fixed(a.value)} (${a.label})`}${a.change ? `, ${a.change.verdict} since the previous review` : ''}`))),
      ),
    ),
  );
}

function riskRow(r: Risk): HTMLTableRowElement {
  const previous = r.reviews.slice(1);
  return el(
    'tr',
    { 'data-risk': r.id, id: `risk-${r.id}` },
    el('th', { scope: 'row' }, el('span', { class: 'risk-title' }, r.title), el('div', { class: 'meta' }, `Owner: ${r.owner.role}`), el('div', { class: 'reason' }, r.description), linkedIndicators(r)),
    scoreCell(r.inherent),
    scoreCell(r.target),
    scoreCell(r.current),
    el('td', {}, `${r.current.date}: ${r.current.note}`),
    el('td', { class: 'movement' }, r.current.movement),
    el('td', {}, el('ul', { class: 'previous' }, ...previous.map((p) => el('li', {}, `${p.date}: `, el('span', { class: `rag rag-${p.rag}`, 'data-rag': p.rag }, String(p.score)))))),
  );
}

/** Renders the register into a container. */
export function renderRiskRegister(container: HTMLElement, risks: Risk[]): void {
  const table = el(
    'table',
    { class: 'board-table' },
    el('caption', {}, 'Strategic risk register: scores are likelihood × impact on the partnership’s five-point scales'),
    tableHead(['Risk', 'Inherent', 'Target', 'Current', 'Latest review', 'Movement', 'Previous scores']),
    el('tbody', {}, ...risks.map(riskRow)),
  );
  container.replaceChildren(el('h1', {}, 'Strategic risk register'), el('div', { class: 'table-scroll' }, table));
}

/** The page at /risks: fetches GET /api/risks and renders it. */
export function mountRiskRegisterPage(root: HTMLElement): Promise<void> {
  document.title = 'Strategic risk register – Neighbourhood Observatory';
  return mountBoardPage(root, 'risks', async (container) => renderRiskRegister(container, (await getBoardJson('/api/risks', RiskList)).risks));
}
