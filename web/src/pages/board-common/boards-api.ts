/**
 * The board endpoints as the board pages read them: the contract's schemas, and a fetch that
 * turns problem+json into an error with its detail.
 */
import { z } from 'zod';

// The priorities' and the risk register's schemas are the API contract's (server/contract/boards.ts).
export { PriorityList, RiskList, type Measure, type MeasureStatus, type Priority, type Risk, type RiskScore as Score } from '../../../../server/contract/index.ts';

// The intervention schemas are the API contract's (server/contract/interventions.ts).
export { IndicatorEvaluation, InterventionDetail, InterventionList } from '../../../../server/contract/index.ts';

/** GETs an API path and parses it; a problem+json answer becomes an Error with its detail. */
export async function getBoardJson<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body: unknown = await response.json();
  if (!response.ok) {
    const problem = z.object({ detail: z.string() }).safeParse(body);
    throw new Error(problem.success ? problem.data.detail : `${path} answered ${response.status}`);
  }
  return schema.parse(body);
}
