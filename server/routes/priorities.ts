/**
 * GET /api/priorities and /api/priorities/{id}: the partnership's priorities and themes, each
 * measure of success with its baseline, latest figure (95% CI), progress, significance of the
 * change and RAG, today (or as at `?asAt=YYYY-MM-DD`, a past date: what a board report for that
 * date showed) and at each review before. Readers: admin, analyst and executive (the access table).
 */
import { Hono } from 'hono';
import { boardDate } from './board-request.ts';
import { publishedSeries } from '../../pipeline/boards/published-series.ts';
import { findPriority, priorityReport, type PriorityReport } from '../../pipeline/boards/priority-report.ts';
import { datasetsShown } from '../access/data-access.ts';
import type { ObservatoryState } from '../observatory-state.ts';

/** The RAG rule, as the API describes it (the same words are in the README). */
export const PRIORITY_RAG_RULE =
  'green: on track — the latest published value is at or beyond the trajectory, the straight line from the baseline value (at the end of the baseline period) ' +
  "to the target value (at the end of the target's month), in the target's direction; once the target date has passed, the target itself. " +
  'amber: off track, but improving — the change since the baseline is a significant improvement (the 95% confidence interval of latest ÷ baseline, ' +
  'a rate ratio, or a ratio of proportions, lies wholly on the good side of 1). ' +
  'red: off track and not significantly improving (no significant change, or significantly worse). ' +
  'not-assessed: no published baseline figure, or no published figure after the baseline yet. ' +
  "A priority's RAG is its worst measure's (red, then amber, then green).";

/** The indicators of the measures that showed a published figure, today or at a review. */
function indicatorsWithFigures(priorities: readonly PriorityReport[]): string[] {
  return priorities.flatMap((p) => p.measures.filter((m) => [m.status, ...m.history.map((h) => h.status)].some((s) => s.baseline !== null || s.latest !== null)).map((m) => m.indicator));
}

/** The priorities routes. */
export function priorityRoutes(state: ObservatoryState) {
  const context = (asAt: string) => ({
    definitions: state.definitions,
    series: publishedSeries(state.figures),
    partnershipCode: state.partnership.id,
    today: asAt,
  });
  return new Hono()
    .get('/', async (c) => {
      const ctx = context(boardDate(c, state.today()));
      const priorities = [];
      for (const p of state.boards.priorities) priorities.push(await priorityReport(p, ctx));
      c.set('auditDatasets', datasetsShown(state, indicatorsWithFigures(priorities)));
      return c.json({ asAt: ctx.today, ragRule: PRIORITY_RAG_RULE, priorities }, 200);
    })
    .get('/:id', async (c) => {
      const ctx = context(boardDate(c, state.today()));
      const priority = await priorityReport(findPriority(state.boards.priorities, c.req.param('id')), ctx);
      c.set('auditDatasets', datasetsShown(state, indicatorsWithFigures([priority])));
      return c.json({ asAt: ctx.today, ragRule: PRIORITY_RAG_RULE, priority }, 200);
    });
}
