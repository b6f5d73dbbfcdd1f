import type { z } from 'zod';
import { inputErrorOf } from './http/api-router.ts';

/** Validates HTTP input with a zod schema; the error names the parameter. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw inputErrorOf(parsed.error);
  return parsed.data;
}
