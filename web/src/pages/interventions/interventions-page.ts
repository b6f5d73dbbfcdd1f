/** Evidence of success (/interventions, /interventions/{id}): the interventions, and one intervention's evaluation with its chart, verdict, method and limits. */
import { el, tableHead } from '../../components/dom.ts';
import { fixed, mountBoardPage } from '../board-common/board-frame.ts';
import { getBoardJson, InterventionDetail, InterventionList, type IndicatorEvaluation } from '../board-common/boards-api.ts';
import { renderInterventionForm } from './intervention-form.ts';
import { rateChart } from './rate-chart.ts';

/** Renders the list of interventions, each linking to its page. */
export function renderInterventionList(container: HTMLElement, data: InterventionList, href: (id: string) => string): void {
  container.replaceChildren(
    el('h1', {}, 'Evidence of success'),
    el(
      'ul',
      { class: 'intervention-list' },
      ...data.interventions.map((i) =>
        el('li', { 'data-intervention': i.id }, el('a', { href: href(i.id) }, i.title), el('ul', {}, ...i.verdicts.map((v) => el('li', {}, `${v.title}: ${v.verdict ?? ''}`)))),
      ),
    ),
  );
}

function ratesTable(e: IndicatorEvaluation): HTMLElement | null {
  if (!e.rates || !e.counts) return null;
  const row = (name: string, group: 'intervention' | 'comparison') =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, name),
      el('td', {}, `${fixed(e.rates![group].before, 2)} (${e.counts![group].before.count})`),
      el('td', {}, `${fixed(e.rates![group].after, 2)} (${e.counts![group].after.count})`),
      el('td', {}, `×${fixed(e.rates![group].after / e.rates![group].before, 2)}`),
    );
  return el(
    'table',
    { class: 'board-table rates' },
    el('caption', {}, `${e.title}, ${e.unit} a period (events in brackets): ${e.before.join(', ')} before; ${e.after.join(', ')} after`),
    tableHead(['Group', 'Before', 'After', 'Change']),
    el('tbody', {}, row('Intervention areas', 'intervention'), row(`Comparison areas (${e.comparisonAreas.length}, ${e.comparisonMethod})`, 'comparison')),
  );
}

function evaluationSection(e: IndicatorEvaluation, names: Record<string, string>): HTMLElement {
  const verdict = e.result
    ? el(
        'p',
        { class: 'verdict', 'data-verdict': e.indicator },
        `${e.title}: ${e.result.verdict}.`,
        // A significant verdict gives percentages; the rate ratio beside it is the figure behind them.
        e.result.verdict.startsWith('no significant') ? null : el('span', { class: 'meta' }, ` Rate ratio ${fixed(e.result.ratio, 2)} (95% CI ${fixed(e.result.lower, 2)} to ${fixed(e.result.upper, 2)}).`),
      )
    : el('p', { class: 'verdict', 'data-verdict': e.indicator }, `${e.title}: not evaluated: ${e.reason ?? ''}.`);
  return el(
    'section',
    { class: 'board-card', 'aria-label': e.title },
    el('h2', {}, e.title),
    verdict,
    ratesTable(e),
    el('p', { class: 'meta' }, `Comparison areas: ${e.comparisonAreas.length > 12 ? `the other ${e.comparisonAreas.length} ${e.comparisonMethod === 'matched' ? 'matched areas' : 'areas of the partnership'}` : e.comparisonAreas.map((c) => names[c] ?? c).join(', ')}.`),
    e.chart.some((p) => p.intervention !== null) ? rateChart(e) : null,
    el('h3', {}, 'Limits'),
    el('ul', {}, ...e.limits.map((l) => el('li', {}, l))),
  );
}

const AREA_WORDS: Record<string, [string, string]> = { ward: ['ward', 'wards'], lsoa: ['LSOA', 'LSOAs'], locality: ['locality', 'localities'] };

/** "3 wards", "1 locality". */
function areaCount(level: string, n: number): string {
  const [one, many] = AREA_WORDS[level] ?? [level, `${level}s`];
  return `${n} ${n === 1 ? one : many}`;
}

/** Renders one intervention and its evaluation. */
export function renderIntervention(container: HTMLElement, data: InterventionDetail): void {
  const i = data.intervention;
  container.replaceChildren(
    el('h1', {}, i.title),
    el('p', {}, i.description),
    el(
      'p',
      { class: 'meta', 'data-areas': i.areas.level },
      `${i.lead ? `Led by ${i.lead}. ` : ''}${areaCount(i.areas.level, i.areas.codes.length)}: ${i.areas.codes.map((c) => data.evaluation.areaNames[c] ?? c).join(', ')}; from ${i.start}${i.end ? ` to ${i.end}` : ', running'}.`,
    ),
    ...data.evaluation.indicators.map((e) => evaluationSection(e, data.evaluation.areaNames)),
    el('h2', {}, 'Method'),
    el('p', {}, data.evaluation.method),
  );
}

/**
 * The pages at /interventions and /interventions/{id}: fetch GET /api/interventions (or one intervention) and render it;
 * the list has the form to record one for those who may (`canRecord`: analysts and admins).
 */
export function mountInterventionsPage(root: HTMLElement, id: string | null, canRecord = false): Promise<void> {
  document.title = 'Evidence of success – Neighbourhood Observatory';
  return mountBoardPage(root, 'interventions', async (container) => {
    if (id === null) {
      const href = (i: string) => `/interventions/${encodeURIComponent(i)}`;
      renderInterventionList(container, await getBoardJson('/api/interventions', InterventionList), href);
      if (canRecord) await renderInterventionForm(container, (created) => window.location.assign(href(created)));
    } else renderIntervention(container, await getBoardJson(`/api/interventions/${encodeURIComponent(id)}`, InterventionDetail));
  });
}
