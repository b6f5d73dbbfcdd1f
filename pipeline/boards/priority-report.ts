/** What the board sees for each priority: every measure's status today and at each past review. */
import { NotFoundError } from '../errors.ts';
import type { CountedIndicator, IndicatorDefinition } from '../indicators/indicator-definition.ts';
import { measureStatus, reviewDates, worstRag, type MeasureRag, type MeasureStatus } from './measure-progress.ts';
import type { Measure, Priority } from './priorities.ts';
import type { PublishedSeries } from './published-series.ts';

/** A measure's status as a review saw it; consecutive reviews with no newer figure are folded into the first. */
export type MeasureReview = { reviewDate: string; status: MeasureStatus };

export type MeasureReport = Measure & {
  area: string;
  areaName: string | null;
  indicatorTitle: string;
  unit: string;
  status: MeasureStatus;
  history: MeasureReview[];
};

export type PriorityReport = Omit<Priority, 'measures'> & {
  rag: MeasureRag;
  ragCounts: Record<MeasureRag, number>;
  reviews: string[];
  measures: MeasureReport[];
};

function countedDefinition(definitions: readonly IndicatorDefinition[], id: string): CountedIndicator {
  const definition = definitions.find((d) => d.id === id);
  // loadPriorities checked this at start-up; reaching here means the definitions changed under us.
  if (definition?.kind !== 'counted') throw new NotFoundError(`no counted indicator "${id}"`, { field: 'indicator' });
  return definition;
}

/** One priority's report as at `today` (YYYY-MM-DD), from published figures only. */
export async function priorityReport(priority: Priority, context: { definitions: readonly IndicatorDefinition[]; series: PublishedSeries; partnershipCode: string; today: string }): Promise<PriorityReport> {
  const reviews = reviewDates(priority.reviewCycle, context.today);
  const measures: MeasureReport[] = [];
  for (const measure of priority.measures) {
    const definition = countedDefinition(context.definitions, measure.indicator);
    const area = measure.area ?? context.partnershipCode;
    const points = await context.series.series(measure.indicator, area);
    const history: MeasureReview[] = [];
    for (const reviewDate of reviews) {
      const status = measureStatus(measure, definition, points, reviewDate);
      const previous = history.at(-1)?.status;
      if (previous && previous.latest?.period === status.latest?.period && previous.baseline?.period === status.baseline?.period) continue;
      history.push({ reviewDate, status });
    }
    measures.push({
      ...measure,
      area,
      areaName: await context.series.areaName(area),
      indicatorTitle: definition.title,
      unit: definition.unit,
      status: measureStatus(measure, definition, points, context.today),
      history,
    });
  }
  const rags = measures.map((m) => m.status.rag);
  const ragCounts = { green: 0, amber: 0, red: 0, 'not-assessed': 0 };
  for (const r of rags) ragCounts[r] += 1;
  const { measures: _definitions, ...rest } = priority;
  return { ...rest, rag: worstRag(rags), ragCounts, reviews, measures };
}

/** Finds a priority by id, or says which exist. */
export function findPriority(priorities: readonly Priority[], id: string): Priority {
  const found = priorities.find((p) => p.id === id);
  if (!found) throw new NotFoundError(`no priority "${id}"; GET /api/priorities lists them (${priorities.map((p) => p.id).join(', ')})`, { field: 'id' });
  return found;
}
