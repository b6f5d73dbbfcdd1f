/**
 * How each locality (a neighbourhood policing team, a primary care network, …) stands against the
 * partnership, as the dashboard and the board report both show it: for each locality, the
 * indicators on which its published figure is significantly worse than the partnership's and those
 * on which it is significantly better (95% CI, the API's own comparison). An area board reads its
 * own row; the partnership's board sees which localities need attention.
 */
import type { AreaCollection, AreaFigure, Indicator } from '../api/client.ts';
import { localityKindsOf, singularKindName, type LocalityKind } from '../format/locality-kinds.ts';
import { scrollingRegion } from './charts/chart-figure.ts';
import { el, labelCells, link, tableHead } from './dom.ts';

/** One indicator's published figures for every locality, at one period. */
export interface LocalityFigures {
  indicator: Indicator;
  periodLabel: string;
  figures: readonly AreaFigure[];
}

/** An indicator as a standing names it: its title and the period of the figure judged. */
export interface JudgedIndicator {
  indicator: Indicator;
  periodLabel: string;
}

/** One locality's standing across the indicators. */
export interface LocalityStanding {
  code: string;
  name: string;
  kind: LocalityKind;
  worse: JudgedIndicator[];
  better: JudgedIndicator[];
  /** Indicators judged and found similar to the partnership. */
  similar: number;
  /** Indicators with a figure for the locality that is withheld: not judged. */
  withheld: number;
}

/**
 * Every locality of `localities` with the indicators it is significantly worse or better on than
 * the partnership, most "worse" first within each kind (kinds in their geography's order).
 */
export function localityStandings(localities: AreaCollection, figures: readonly LocalityFigures[]): LocalityStanding[] {
  const standings = new Map<string, LocalityStanding>();
  for (const feature of localities.features) {
    const kind = feature.properties.kind;
    if (kind === undefined) continue;
    standings.set(feature.properties.code, { code: feature.properties.code, name: feature.properties.name, kind: { id: kind.id, name: kind.name }, worse: [], better: [], similar: 0, withheld: 0 });
  }
  for (const { indicator, periodLabel, figures: rows } of figures) {
    if (indicator.polarity === 'no-judgement') continue;
    for (const figure of rows) {
      const standing = standings.get(figure.area);
      if (standing === undefined) continue;
      if (figure.suppressed) standing.withheld += 1;
      else if (figure.comparison?.judgement === 'worse') standing.worse.push({ indicator, periodLabel });
      else if (figure.comparison?.judgement === 'better') standing.better.push({ indicator, periodLabel });
      else if (figure.comparison?.judgement === 'similar') standing.similar += 1;
    }
  }
  const kindOrder = localityKindsOf(localities).map((kind) => kind.id);
  return [...standings.values()].sort(
    (a, b) => kindOrder.indexOf(a.kind.id) - kindOrder.indexOf(b.kind.id) || b.worse.length - a.worse.length || a.better.length - b.better.length || a.name.localeCompare(b.name),
  );
}

/** The indicators' titles, the first `shown` of them, as a sentence fragment ("A, B and 2 more"). */
export function indicatorList(judged: readonly JudgedIndicator[], shown = 3): string {
  const titles = judged.map((entry) => entry.indicator.title);
  if (titles.length <= shown) return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1) ?? ''}`;
  return `${titles.slice(0, shown).join(', ')} and ${titles.length - shown} more`;
}

export interface LocalityStandingTables {
  standings: readonly LocalityStanding[];
  /** The heading level of each kind's heading, so the page's outline stays in order. */
  headingLevel: 'h3' | 'h4';
  /** Where a locality's name links to (its dashboard on screen, its profile in the report). */
  hrefOf: (code: string) => string;
  /** Prefix of the ids of the kinds' headings, unique on the page. */
  idPrefix: string;
}

/** One table per kind of locality: each locality with how many indicators it is significantly worse and better on, and which. */
export function localityStandingTables(options: LocalityStandingTables): HTMLElement[] {
  const byKind = new Map<string, LocalityStanding[]>();
  for (const standing of options.standings) {
    const members = byKind.get(standing.kind.id);
    if (members === undefined) byKind.set(standing.kind.id, [standing]);
    else members.push(standing);
  }
  return [...byKind.values()].map((members) => {
    const kind = members[0]?.kind ?? { id: 'locality', name: 'Localities' };
    const headingId = `${options.idPrefix}-${kind.id}`;
    const columns = [singularKindName(kind.name), 'Significantly worse than the partnership', 'Significantly better', 'Similar', 'Withheld'];
    const body = el(
      'tbody',
      null,
      ...members.map((standing) => {
        const name = el('th', { scope: 'row' }, link(options.hrefOf(standing.code), standing.name));
        const worse = el('td', null, el('span', 'figure-value', String(standing.worse.length)), standing.worse.length > 0 ? el('span', 'figure-note', indicatorList(standing.worse)) : null);
        const better = el('td', null, el('span', 'figure-value', String(standing.better.length)), standing.better.length > 0 ? el('span', 'figure-note', indicatorList(standing.better)) : null);
        const row = el('tr', { 'data-locality': standing.code }, name, worse, better, el('td', 'numeric', String(standing.similar)), el('td', 'numeric', String(standing.withheld)));
        labelCells(row, columns);
        return row;
      }),
    );
    const caption = `${kind.name}: indicators on which each is significantly worse or better than the partnership (95% confidence intervals), most worse first`;
    const table = el('table', 'data-table locality-standing-table stack-on-phone', el('caption', null, caption), tableHead(columns, (_column, index) => (index >= 3 ? 'numeric' : null)), body);
    return el('div', { class: 'locality-standing', 'data-kind': kind.id }, el(options.headingLevel, { id: headingId }, kind.name), scrollingRegion('table-wrap', caption, table));
  });
}
