import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BoardDefinitionError } from './board-definition-error.ts';

/**
 * Reads a board file through its schema; a missing file is `fallback` (a partnership need not
 * keep a register). Errors name the file and the field, as for every partnership definition.
 */
export function readBoardFile<T extends z.ZodType>(file: string, schema: T, fallback: z.infer<T>): z.infer<T> {
  if (!existsSync(file)) return fallback;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BoardDefinitionError('is not valid JSON', { file }, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BoardDefinitionError(issue?.message ?? 'is invalid', { file, field: issue?.path.join('.') ?? '' });
  }
  return parsed.data;
}
