/**
 * Evidence of success. GET /api/interventions (each with its verdicts) and /api/interventions/{id}
 * (with the full evaluation: rates before and after, difference in differences as a rate ratio with
 * its 95% CI, the chart series, method and limits); readers: admin, analyst and executive (the access table). POST /api/interventions adds
 * one (role needed: analyst; application/json only).
 */
import { createRoute } from '@hono/zod-openapi';
import { evaluateIntervention, type InterventionEvaluation } from '../../pipeline/boards/intervention-evaluation.ts';
import { datasetsShown } from '../access/data-access.ts';
import { addIntervention, findIntervention, interventionAreaPool, listInterventions, readAreaPools, type AreaPools } from '../../pipeline/boards/intervention-store.ts';
import type { Intervention } from '../../pipeline/boards/intervention-schema.ts';
import { publishedSeries } from '../../pipeline/boards/published-series.ts';
import { InterventionDetail, InterventionIdParam, InterventionList, NewIntervention } from '../contract/index.ts';
import { apiRouter, jsonResponse, problemResponses } from '../http/api-router.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { jsonBody, recordedBy } from './board-request.ts';

const COMPARISON =
  'Comparison areas are every other area of the intervention’s level (`rest-of-partnership`) or, for each of its areas, the two others nearest on the published IMD 2025 score and the baseline rate (`matched`). ' +
  'An intervention over localities is evaluated on the localities’ own published figures, and compared only with the other localities of the same kind (localities of other kinds overlap them); their IMD 2025 score is the population-weighted mean of their LSOAs’ scores. ' +
  'Only published figures are used: a withheld figure makes an indicator not evaluable, with the reason.';

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listInterventions',
  tags: ['Interventions'],
  summary: 'Every intervention (shipped and added) with a verdict per indicator',
  responses: { 200: jsonResponse(InterventionList, 'The interventions.'), ...problemResponses(401, 403) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getIntervention',
  tags: ['Interventions'],
  summary: 'One intervention with its evaluation',
  description: `Rates before and after the start in the intervention’s areas and in comparison areas, the difference in differences as a rate ratio with its 95% CI, a verdict in plain words, both groups over time, the method and its limits. ${COMPARISON}`,
  request: { params: InterventionIdParam },
  responses: { 200: jsonResponse(InterventionDetail, 'The intervention and its evaluation.'), ...problemResponses(401, 403, 404) },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'addIntervention',
  tags: ['Interventions'],
  summary: 'Add an intervention (analysts), evaluated at once',
  description: `application/json only (anything else is refused with 415). The indicators must be counted ones whose periods do not overlap; the areas must exist at their level, and localities must all be of one kind. ${COMPARISON}`,
  request: { body: { content: { 'application/json': { schema: NewIntervention } }, required: true } },
  responses: { 201: jsonResponse(InterventionDetail, 'The intervention as stored, and its evaluation; Location names it.'), ...problemResponses(400, 401, 403) },
});

/**
 * How the API evaluates interventions: from the published figures, against the other areas of their level
 * (for localities, of their kind), drawn from pools read once for all the interventions of a request.
 */
export function interventionEvaluator(state: ObservatoryState, pools: AreaPools) {
  return (intervention: Intervention) => {
    const pool = interventionAreaPool(pools, intervention.areas);
    return evaluateIntervention(intervention, {
      definitions: state.definitions,
      series: publishedSeries(state.figures),
      partnershipCode: state.partnership.id,
      areasAtLevel: pool.areasAtLevel,
      localityKind: pool.localityKind,
    });
  };
}

/** The indicators whose published figures an evaluation drew on (the counts it compared). */
function indicatorsWithFigures(evaluation: InterventionEvaluation): string[] {
  return evaluation.indicators.filter((e) => e.counts !== null).map((e) => e.indicator);
}

/** The interventions routes. */
export function interventionRoutes(state: ObservatoryState) {
  const evaluator = async () => interventionEvaluator(state, await readAreaPools(state.db));
  return apiRouter()
    .openapi(listRoute, async (c) => {
      const evaluate = await evaluator();
      const interventions = [];
      const shown: string[] = [];
      for (const intervention of await listInterventions(state.db, state.boards.interventions)) {
        const evaluation = await evaluate(intervention);
        shown.push(...indicatorsWithFigures(evaluation));
        interventions.push({
          ...intervention,
          verdicts: evaluation.indicators.map((e) => ({ indicator: e.indicator, title: e.title, evaluable: e.evaluable, verdict: e.result?.verdict ?? e.reason })),
        });
      }
      c.set('auditDatasets', datasetsShown(state, shown));
      return c.json({ interventions }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const intervention = await findIntervention(state.db, state.boards.interventions, c.req.valid('param').id);
      const evaluate = await evaluator();
      const evaluation = await evaluate(intervention);
      c.set('auditDatasets', datasetsShown(state, indicatorsWithFigures(evaluation)));
      return c.json({ intervention, evaluation }, 200);
    })
    .openapi(addRoute, async (c) => {
      const intervention = parseInput(NewIntervention, await jsonBody(c));
      await addIntervention(state.db, state.boards.interventions, state.definitions, intervention, recordedBy(c));
      const stored = await findIntervention(state.db, state.boards.interventions, intervention.id);
      c.header('Location', `/api/interventions/${stored.id}`);
      const evaluate = await evaluator();
      return c.json({ intervention: stored, evaluation: await evaluate(stored) }, 201);
    });
}
