/** The health check, as the API answers it. */
import { z } from 'zod';

export const Health = z
  .object({
    status: z.literal('ok'),
    partnership: z.string(),
    builtAt: z.string().nullable().meta({ description: 'When the indicators were last built (UTC), or null before the first build.' }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;
