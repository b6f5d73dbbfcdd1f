/** The priorities page (/priorities): each priority and theme with its measures of success, RAG and review history. */
import { el, tableHead } from '../../components/dom.ts';
import { fixed, mountBoardPage, ragBadge } from '../board-common/board-frame.ts';
import { getBoardJson, PriorityList, type Measure, type MeasureStatus, type Priority } from '../board-common/boards-api.ts';

function figureText(f: MeasureStatus['latest']): string {
  if (!f) return '–';
  const ci = f.lower !== null && f.upper !== null ? ` (95% CI ${fixed(f.lower)}–${fixed(f.upper)})` : '';
  return `${fixed(f.value)}${ci}, ${f.label}`;
}

function changeText(s: MeasureStatus): string {
  if (!s.change) return '–';
  return `${s.change.verdict} (×${fixed(s.change.ratio, 2)}, 95% CI ${fixed(s.change.lower, 2)}–${fixed(s.change.upper, 2)})`;
}

function historyList(m: Measure): HTMLElement {
  const items = m.history.map((h) => el('li', {}, `${h.reviewDate}: `, ragBadge(h.status.rag), h.status.latest ? ` ${fixed(h.status.latest.value)} (${h.status.latest.label})` : ` ${h.status.reason}`));
  return el('details', {}, el('summary', {}, `History at ${m.history.length} review${m.history.length === 1 ? '' : 's'}`), el('ol', { class: 'review-history' }, ...items));
}

function measureRow(m: Measure): HTMLTableRowElement {
  const s = m.status;
  const target = s.targetValue === null ? '–' : `${m.direction === 'decrease' ? '≤' : '≥'} ${fixed(s.targetValue)} by ${m.by}`;
  return el(
    'tr',
    { 'data-measure': m.id },
    el('th', { scope: 'row' }, m.indicatorTitle, el('span', { class: 'unit' }, ` ${m.unit}`), m.level === 'partnership' ? null : el('span', { class: 'area' }, ` (${m.areaName ?? m.area})`)),
    el('td', {}, s.baseline ? `${fixed(s.baseline.value)}, ${s.baseline.label}` : '–'),
    el('td', { class: 'latest' }, figureText(s.latest)),
    el('td', {}, target),
    el('td', {}, s.progressPercent === null ? '–' : `${Math.round(s.progressPercent)}%`),
    el('td', {}, changeText(s)),
    el('td', { class: 'status' }, ragBadge(s.rag), el('div', { class: 'reason' }, s.reason), historyList(m)),
  );
}

function prioritySection(p: Priority): HTMLElement {
  const headingId = `priority-${p.id}`;
  const table = el(
    'table',
    { class: 'board-table' },
    el('caption', {}, `Measures of success for ${p.title}`),
    tableHead(['Measure', 'Baseline', 'Latest', 'Target', 'Progress', 'Change since baseline', 'Status']),
    el('tbody', {}, ...p.measures.map(measureRow)),
  );
  return el(
    'section',
    { class: 'board-card', 'aria-labelledby': headingId, 'data-priority': p.id },
    el('h2', { id: headingId }, p.title, ' ', ragBadge(p.rag)),
    el('p', { class: 'meta' }, `${p.kind === 'theme' ? 'Theme' : 'Priority'} · owner: ${p.owner.role}${p.owner.name ? ` (${p.owner.name})` : ''} · reviewed every ${p.reviewCycle.every}`),
    el('p', {}, p.summary),
    el('div', { class: 'table-scroll' }, table),
  );
}

/** Renders the priorities into a container (the screens' dashboard can call this with its own element). */
export function renderPriorities(container: HTMLElement, data: PriorityList): void {
  container.replaceChildren(
    el('h1', {}, 'Priorities and measures of success'),
    el('p', { class: 'meta' }, `As at ${data.asAt}, from published figures only.`),
    el('details', { class: 'rag-rule' }, el('summary', {}, 'How the status is decided'), el('p', {}, data.ragRule)),
    ...data.priorities.map(prioritySection),
  );
}

/** The page at /priorities: fetches GET /api/priorities and renders it. */
export function mountPrioritiesPage(root: HTMLElement): Promise<void> {
  document.title = 'Priorities and measures of success – Neighbourhood Observatory';
  return mountBoardPage(root, 'priorities', async (container) => renderPriorities(container, await getBoardJson('/api/priorities', PriorityList)));
}
