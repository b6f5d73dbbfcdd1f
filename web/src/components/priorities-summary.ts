/**
 * The priorities at a glance, as the dashboard and the board report show them: each priority and
 * theme with its RAG (its worst measure's, by the API's rule), how its measures stand, and the
 * measures that are off track, named, so a board sees where to look before opening /priorities.
 */
import type { Measure, MeasureRag, PriorityList } from '../api/client.ts';
import { badge, measureRagJudgement } from '../format/judgements.ts';
import { scrollingRegion } from './charts/chart-figure.ts';
import { el, labelCells, link, tableHead } from './dom.ts';

/** A measure off track, as the summary names it. */
export interface OffTrackMeasure {
  id: string;
  rag: 'red' | 'amber';
  /** "Falls admissions, 65 and over (Chorley)": the indicator, and its area when not the partnership. */
  name: string;
  reason: string;
}

/** One priority's or theme's line in the summary. */
export interface PriorityLine {
  id: string;
  title: string;
  kind: 'priority' | 'theme';
  owner: string;
  rag: MeasureRag;
  /** "2 of 3 on track; 1 red" */
  measures: string;
  /** Its red measures, then its amber ones. */
  offTrack: OffTrackMeasure[];
}

const ORDER: readonly MeasureRag[] = ['red', 'amber', 'green', 'not-assessed'];
const WORDS: Record<MeasureRag, string> = { red: 'red', amber: 'amber', green: 'on track', 'not-assessed': 'not assessed yet' };

function measureName(measure: Measure): string {
  return measure.level === 'partnership' ? measure.indicatorTitle : `${measure.indicatorTitle} (${measure.areaName ?? measure.area})`;
}

/** How a set of measures stands, in words: "2 of 3 on track; 1 red". */
export function measuresInWords(rags: readonly MeasureRag[]): string {
  if (rags.length === 0) return 'No measures of success';
  const counts = new Map<MeasureRag, number>();
  for (const rag of rags) counts.set(rag, (counts.get(rag) ?? 0) + 1);
  const green = counts.get('green') ?? 0;
  const rest = ORDER.filter((rag) => rag !== 'green' && (counts.get(rag) ?? 0) > 0).map((rag) => `${counts.get(rag)} ${WORDS[rag]}`);
  return [`${green} of ${rags.length} on track`, ...rest].join('; ');
}

/** Each priority, then each theme, in the partnership's own order, with its off-track measures worst first. */
export function priorityLines(list: PriorityList): PriorityLine[] {
  const ordered = [...list.priorities.filter((p) => p.kind === 'priority'), ...list.priorities.filter((p) => p.kind === 'theme')];
  return ordered.map((priority) => {
    const offTrack: OffTrackMeasure[] = [];
    for (const rag of ['red', 'amber'] as const) {
      for (const measure of priority.measures) {
        if (measure.status.rag === rag) offTrack.push({ id: measure.id, rag, name: measureName(measure), reason: measure.status.reason });
      }
    }
    return {
      id: priority.id,
      title: priority.title,
      kind: priority.kind,
      owner: priority.owner.name === undefined ? priority.owner.role : `${priority.owner.role} (${priority.owner.name})`,
      rag: priority.rag,
      measures: measuresInWords(priority.measures.map((m) => m.status.rag)),
      offTrack,
    };
  });
}

/** The summary table; each priority links to its part of /priorities. */
export function prioritiesSummary(list: PriorityList, options: { idPrefix: string; caption: string }): HTMLElement {
  const body = el('tbody');
  for (const line of priorityLines(list)) {
    const name = el('th', { scope: 'row' }, link(`/priorities#priority-${encodeURIComponent(line.id)}`, line.title), el('span', 'figure-note', line.kind === 'theme' ? 'Theme' : 'Priority'));
    const offTrack =
      line.offTrack.length === 0
        ? el('td', null, el('span', 'figure-note', 'None'))
        : el('td', null, el('ul', 'off-track-measures', ...line.offTrack.map((m) => el('li', { 'data-measure': m.id }, `${m.rag === 'red' ? 'Red' : 'Amber'}: ${m.name}`))));
    body.append(el('tr', { 'data-priority': line.id, 'data-rag': line.rag }, name, el('td', null, badge(measureRagJudgement(line.rag))), el('td', null, line.measures), offTrack, el('td', null, line.owner)));
  }
  const columns = ['Priority or theme', 'Status', 'Measures of success', 'Off track', 'Owner'];
  for (const row of body.rows) labelCells(row, columns);
  const table = el('table', { class: 'data-table priorities-summary stack-on-phone', id: `${options.idPrefix}-table` }, el('caption', null, options.caption), tableHead(columns), body);
  return scrollingRegion('table-wrap', options.caption, table);
}
