import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { rebuildAfterChanges } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { reinstateExtract } from '../../pipeline/ingest/supersession.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import type { CommandIo } from '../command-io.ts';

/** observatory extract reinstate <id> [--json]: makes a superseded extract current again and rebuilds what it touches. */
export async function reinstateCommand(config: ObservatoryConfig, options: { extractId: string; json: boolean }, io: CommandIo): Promise<number> {
  const observatory = await openObservatory(config);
  try {
    const reinstated = await reinstateExtract(observatory.db, options.extractId, config.user);
    const builds = await rebuildAfterChanges(observatory.db, observatory.definitions, observatory.agreements, [reinstated]);
    if (options.json) {
      io.out(JSON.stringify({ ...reinstated, builds: builds.map((b) => ({ buildId: b.buildId, valuesWritten: b.valuesWritten, milliseconds: b.milliseconds })) }));
      return 0;
    }
    const replaced = reinstated.superseded.length ? `; it supersedes ${reinstated.superseded.join(', ')}` : '';
    io.out(`Reinstated ${reinstated.extractId} (${reinstated.dataset}, ${reinstated.months[0] ?? ''} to ${reinstated.months.at(-1) ?? ''})${replaced}`);
    for (const b of builds) io.err(`Rebuilt ${b.indicators.length} indicators (${b.valuesWritten.toLocaleString('en-GB')} values) in ${b.milliseconds} ms`);
    return 0;
  } finally {
    await observatory.db.close();
  }
}
