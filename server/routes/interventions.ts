/**
 * Evidence of success. GET /api/interventions (each with its verdicts) and /api/interventions/{id}
 * (with the full evaluation: rates before and after, difference in differences as a rate ratio with
 * its 95% CI, the chart series, method and limits); readers: admin, analyst and executive (the access table). POST /api/interventions adds
 * one (role needed: analyst; application/json only).
 */
import { Hono } from 'hono';
import { evaluateIntervention } from '../../pipeline/boards/intervention-evaluation.ts';
import { addIntervention, findIntervention, listInterventions } from '../../pipeline/boards/intervention-store.ts';
import { interventionSchema, type Intervention } from '../../pipeline/boards/interventions.ts';
import { publishedSeries } from '../../pipeline/boards/published-series.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { jsonBody, recordedBy } from './board-request.ts';

/** How the API evaluates an intervention: from the published figures, against every other area of its level. */
export function interventionEvaluator(state: ObservatoryState) {
  return async (intervention: Intervention) => {
    const areas = await state.db.all(`SELECT code FROM area WHERE level = $level ORDER BY code`, { level: intervention.areas.level });
    return evaluateIntervention(intervention, {
      definitions: state.definitions,
      series: publishedSeries(state.figures),
      partnershipCode: state.partnership.id,
      areasAtLevel: areas.map((a) => String(a.code)),
    });
  };
}

/** The interventions routes. */
export function interventionRoutes(state: ObservatoryState) {
  const evaluate = interventionEvaluator(state);
  return new Hono()
    .get('/', async (c) => {
      const interventions = [];
      for (const intervention of await listInterventions(state.db, state.boards.interventions)) {
        const evaluation = await evaluate(intervention);
        interventions.push({
          ...intervention,
          verdicts: evaluation.indicators.map((e) => ({ indicator: e.indicator, title: e.title, evaluable: e.evaluable, verdict: e.result?.verdict ?? e.reason })),
        });
      }
      return c.json({ interventions }, 200);
    })
    .get('/:id', async (c) => {
      const intervention = await findIntervention(state.db, state.boards.interventions, c.req.param('id'));
      return c.json({ intervention, evaluation: await evaluate(intervention) }, 200);
    })
    .post('/', async (c) => {
      const intervention = parseInput(interventionSchema, await jsonBody(c));
      await addIntervention(state.db, state.boards.interventions, state.definitions, intervention, recordedBy(c));
      const stored = await findIntervention(state.db, state.boards.interventions, intervention.id);
      c.header('Location', `/api/interventions/${stored.id}`);
      return c.json({ intervention: stored, evaluation: await evaluate(stored) }, 201);
    });
}
