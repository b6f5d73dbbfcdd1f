import type { z } from 'zod';
import { InputError } from '../pipeline/errors.ts';

/** Validates HTTP input with a zod schema; the error names the parameter. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'request';
    throw new InputError(issue?.message ?? 'is invalid', { field });
  }
  return parsed.data;
}
