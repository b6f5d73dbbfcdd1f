/**
 * Reading a JSON file the observatory is configured by (agreements, indicator definitions, the
 * partnership manifest, boundaries, the multi-agency view): parse, check with zod, and on any
 * failure, JSON.parse's included, throw the caller's typed error naming the file and the field.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { ErrorLocation, ObservatoryError } from './errors.ts';

/** Makes the caller's error from a message, where it happened and its cause. */
export type JsonFailure = (message: string, location: ErrorLocation & { file: string }, cause?: unknown) => ObservatoryError;

/** Parses JSON text read from `file` and checks it with the schema; the first problem is thrown through `fail` (field "" for the file as a whole). */
export function parseCheckedJson<S extends z.ZodType>(file: string, text: string, schema: S, fail: JsonFailure): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file }, error);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(issue?.message ?? 'is invalid', { file, field: issue?.path.join('.') ?? '' });
  }
  return parsed.data;
}

/** Reads a UTF-8 JSON file and checks it as parseCheckedJson does. */
export function readCheckedJsonFile<S extends z.ZodType>(file: string, schema: S, fail: JsonFailure): z.infer<S> {
  return parseCheckedJson(file, readFileSync(file, 'utf8'), schema, fail);
}
