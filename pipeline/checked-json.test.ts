import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCheckedJson, readCheckedJsonFile, type JsonFailure } from './checked-json.ts';
import { ReferenceDataError } from './errors.ts';

const schema = z.object({ name: z.string(), areas: z.array(z.object({ code: z.string().regex(/^E0/, 'is not an English code') })) });
const fail: JsonFailure = (message, location, cause) => new ReferenceDataError(message, location, { cause });

function thrown(fn: () => unknown): ReferenceDataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ReferenceDataError) return error;
    throw error;
  }
  throw new Error('expected a ReferenceDataError');
}

const dir = mkdtempSync(join(tmpdir(), 'checked-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checked JSON files', () => {
  it('returns the checked value', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{"name":"pilot","areas":[{"code":"E01000001"}]}');
    expect(readCheckedJsonFile(file, schema, fail)).toEqual({ name: 'pilot', areas: [{ code: 'E01000001' }] });
  });

  it('names the file and the field of the first problem, in the caller\'s error kind', () => {
    const error = thrown(() => parseCheckedJson('p.json', '{"name":"pilot","areas":[{"code":"W01000001"}]}', schema, fail));
    expect(error.describe()).toBe('p.json field "areas.0.code": is not an English code');
  });

  it('turns a JSON.parse failure into the same kind of error, naming the file and keeping the cause', () => {
    const error = thrown(() => parseCheckedJson('p.json', '{"name": pilot}', schema, fail));
    expect(error.describe()).toMatch(/^p\.json: is not valid JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
