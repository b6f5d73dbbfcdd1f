/**
 * An RFC 9457 problem document: how the API answers every error, and how an upload job that failed
 * or was cancelled keeps its end. Plain zod, so the API contract declares its Problem from it.
 */
import { z } from 'zod';

export const problemDocumentSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional().meta({ description: 'The request id, also in the X-Request-Id header and the server log.' }),
  parameter: z.string().optional().meta({ description: 'The parameter or field the problem is about, when there is one.' }),
});
export type ProblemDocument = z.infer<typeof problemDocumentSchema>;
