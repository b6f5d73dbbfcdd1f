/**
 * The extract fuzzer's long run (the test runs 40 cases with a fixed seed):
 *
 *   npm run bench:fuzz -- [--runs 5000] [--seed N]
 *
 * The same generators and property as test/hardening/extract-reader-fuzz.property.test.ts (shared in
 * test/hardening/support/extract-fuzz.ts), on a scratch observatory. Prints the seed (to replay a
 * failure), the outcomes and the rate; exits 1 with fast-check's counterexample when the property fails.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fuzzedExtract, ingestFuzzedExtract, type FuzzOutcome } from '../test/hardening/support/extract-fuzz.ts';
import { disposeTemplates, openTempObservatory } from '../test/support/temp-observatory.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5000' }, seed: { type: 'string' } } });
const runs = Number(args.runs);
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);

const obs = await openTempObservatory();
const outcomes: Partial<Record<FuzzOutcome, number>> = {};
const started = performance.now();
let done = 0;
try {
  console.log(`fuzzing the ingest: ${runs} files, seed ${seed}`);
  await fc.assert(
    fc.asyncProperty(fuzzedExtract, async (bytes) => {
      const outcome = await ingestFuzzedExtract(obs, bytes);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (++done % 500 === 0) console.log(`  ${done} files, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }),
    { numRuns: runs, seed },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`property held for ${done} files in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(1)} files/s): ${JSON.stringify(outcomes)}`);
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  await obs.dispose();
  await disposeTemplates();
}
