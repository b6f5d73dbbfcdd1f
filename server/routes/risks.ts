/**
 * The strategic risk register. GET /api/risks and /api/risks/{id}: inherent, target and current
 * scores with RAG, every review with how the score moved, and what the linked indicators did between
 * reviews, today or as at `?asAt=YYYY-MM-DD` (the reviews held by then; a risk not yet reviewed
 * by then is left out) (readers: admin, analyst and executive (the access table)). PUT /api/risks/{id}/reviews records a review (role needed: admin;
 * application/json only; audited by the audit middleware, and the review row names who recorded it).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { publishedSeries } from '../../pipeline/boards/published-series.ts';
import { recordRiskReview } from '../../pipeline/boards/risk-review-store.ts';
import { findRisk, riskReport, riskReportIfReviewed, type RiskReport } from '../../pipeline/boards/risk-report.ts';
import { datasetsShown } from '../access/data-access.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { boardDate, jsonBody, recordedBy } from './board-request.ts';

const reviewBody = z
  .object({
    likelihood: z.number({ message: 'must be a whole number on the likelihood scale' }).int('must be a whole number'),
    impact: z.number({ message: 'must be a whole number on the impact scale' }).int('must be a whole number'),
    note: z.string({ message: 'say in a note why the score is what it is' }).trim().min(3, 'say in a note why the score is what it is').max(2000),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
  })
  .strict();

/** The linked indicators that showed a published figure at some review. */
function indicatorsWithFigures(risks: readonly RiskReport[]): string[] {
  return risks.flatMap((r) => r.linkedIndicators.filter((l) => l.atReviews.some((a) => a.value !== null)).map((l) => l.indicator));
}

/** The risk register routes. */
export function riskRoutes(state: ObservatoryState) {
  const context = (asAt?: string) => ({
    db: state.db,
    register: state.boards.risks,
    definitions: state.definitions,
    series: publishedSeries(state.figures),
    partnershipCode: state.partnership.id,
    asAt,
  });
  return new Hono()
    .get('/', async (c) => {
      const asAt = boardDate(c, state.today());
      const ctx = context(asAt);
      const risks = [];
      for (const r of state.boards.risks.risks) {
        const report = await riskReportIfReviewed(r, ctx);
        if (report) risks.push(report);
      }
      c.set('auditDatasets', datasetsShown(state, indicatorsWithFigures(risks)));
      return c.json({ asAt, scoring: state.boards.risks.scoring, risks }, 200);
    })
    .get('/:id', async (c) => {
      const asAt = boardDate(c, state.today());
      const risk = await riskReport(findRisk(state.boards.risks, c.req.param('id')), context(asAt));
      c.set('auditDatasets', datasetsShown(state, indicatorsWithFigures([risk])));
      return c.json({ asAt, scoring: state.boards.risks.scoring, risk }, 200);
    })
    .put('/:id/reviews', async (c) => {
      const risk = findRisk(state.boards.risks, c.req.param('id'));
      const body = parseInput(reviewBody, await jsonBody(c));
      const today = state.today();
      await recordRiskReview(state.db, state.boards.risks.scoring, risk, { ...body, date: body.date ?? today, recordedBy: recordedBy(c) }, today);
      return c.json({ asAt: today, scoring: state.boards.risks.scoring, risk: await riskReport(risk, context(today)) }, 201);
    });
}
