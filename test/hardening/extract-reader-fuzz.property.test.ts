/**
 * Issue 11: random bytes, and valid extracts mutated byte by byte and line by line, never make the
 * ingest throw anything but an observatory error and never load part of a file: each ends refused
 * (nothing changes but the log of the refusal) or loaded with its rows adding up and present.
 * A fixed seed keeps CI repeatable; FUZZ_RUNS and FUZZ_SEED run it longer or elsewhere, and
 * `npm run bench:fuzz` runs the same generators and property for as long as asked.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { temporaryObservatoryPerFile } from '../support/temp-observatory.ts';
import { fuzzedExtract, ingestFuzzedExtract } from './support/extract-fuzz.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

const temporary = temporaryObservatoryPerFile();
const outcomes: Record<string, number> = {};

test('random and mutated extracts end refused or loaded whole, never with another error or a partial load', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzedExtract, async (bytes) => {
      const outcome = await ingestFuzzedExtract(temporary(), bytes);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // The generators reach both ends: files refused and files loaded (with quarantine).
  expect(outcomes.loaded ?? 0).toBeGreaterThan(0);
  expect(outcomes.refused ?? 0).toBeGreaterThan(0);
}, 180_000);
