/** The outcome a hostile-corpus file must have, as written beside it in `<name>.expected.json`. */
import { z } from 'zod';

export const hostileExpectationSchema = z.object({
  /** `either`: the file may be refused or loaded, but whichever it is must be clean and explained. */
  status: z.enum(['loaded', 'refused', 'either']),
  rowsRead: z.number().int().nonnegative().optional(),
  rowsLoaded: z.number().int().nonnegative().optional(),
  rowsQuarantined: z.number().int().nonnegative().optional(),
  /** Words the refusal must contain (case-insensitive). */
  reasonContains: z.array(z.string()).default([]),
  /** Words that some quarantine reason or field must contain (case-insensitive). */
  quarantineReasonsContain: z.array(z.string()).default([]),
});
export type HostileExpectation = z.input<typeof hostileExpectationSchema>;
