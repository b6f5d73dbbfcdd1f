import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { formatTable } from '../summary-table.ts';
import type { CommandIo } from '../command-io.ts';

/** observatory build [--full]: rebuilds indicator values and prints what was rebuilt and how long it took. */
export async function buildCommand(config: ObservatoryConfig, options: { full: boolean; json: boolean }, io: CommandIo): Promise<number> {
  const observatory = await openObservatory(config);
  try {
    // Without --full the build is still complete: incremental builds run after each ingest.
    const summary = await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true });
    if (options.json) io.out(JSON.stringify(summary));
    else {
      io.out(formatTable(['indicator', 'periods', 'values', 'ms'], summary.indicators.map((i) => [i.id, i.periods, i.values, i.milliseconds])));
      io.out(`Build ${summary.buildId}: ${summary.indicators.length} indicators, ${summary.valuesWritten.toLocaleString('en-GB')} values in ${summary.milliseconds} ms`);
      const kept = summary.kept.reduce((n, k) => n + k.periods.length, 0);
      if (kept > 0) io.out(`Kept as published: ${kept} periods of ${summary.kept.length} indicators whose raw rows were purged (or that are tied to them).`);
    }
    return 0;
  } finally {
    await observatory.db.close();
  }
}
