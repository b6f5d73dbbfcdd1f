/** The extract, quarantine and dataset endpoints as the pages call them, parsed with the server's contract. */
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import { DatasetList, DatasetQuality, ExtractList, ExtractReport, Problem, QuarantinePage } from '../../../../server/contract/index.ts';

/** A plain-English message for a failed call, from the problem document when there is one. */
export async function problemMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = Problem.partial().safeParse(JSON.parse(text));
    if (problem.success && problem.data.detail) return problem.data.detail;
  } catch {
    // Not JSON: the generic message below.
  }
  return `The observatory answered ${response.status} ${response.statusText}`.trim();
}

async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new ApiError('The observatory server could not be reached. Check your connection and reload the page.', 0, path, { cause: error });
  }
  if (response.status === 401) throw new ApiError('You are not signed in, or your session has ended. Sign in and come back to this page.', 401, path);
  if (!response.ok) throw new ApiError(await problemMessage(response), response.status, path);
  return schema.parse(await response.json());
}

export const extractsApi = {
  list: () => get('/api/extracts', ExtractList),
  report: (id: string) => get(`/api/extracts/${encodeURIComponent(id)}`, ExtractReport),
  quarantine: (id: string, options: { reason: string | null; offset: number; limit: number }) => {
    const query = new URLSearchParams({ offset: String(options.offset), limit: String(options.limit) });
    if (options.reason) query.set('reason', options.reason);
    return get(`/api/extracts/${encodeURIComponent(id)}/quarantine?${query}`, QuarantinePage);
  },
  quarantineCsvUrl: (id: string, reason: string | null) => `/api/extracts/${encodeURIComponent(id)}/quarantine?${new URLSearchParams({ format: 'csv', ...(reason ? { reason } : {}) })}`,
  datasets: () => get('/api/datasets', DatasetList),
  quality: (id: string) => get(`/api/datasets/${encodeURIComponent(id)}/quality`, DatasetQuality),
};
