import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { systemClock } from '../../pipeline/clock.ts';
import { Database } from '../../pipeline/db/database.ts';
import { ensureDatasetTables } from '../../pipeline/ingest/ingest-context.ts';
import { checkDatabase } from '../../pipeline/integrity/check-database.ts';
import { EXIT_OK, EXIT_REFUSED } from '../exit-code.ts';
import type { CommandIo } from '../command-io.ts';

/** observatory check [--json] [--today YYYY-MM-DD]: whether the database agrees with itself; exits 1 naming each problem. */
export async function checkCommand(config: ObservatoryConfig, options: { json: boolean; today?: string }, io: CommandIo): Promise<number> {
  const db = await Database.open(config.databasePath);
  try {
    // A database from before superseded rows were kept has no tables for them yet.
    await ensureDatasetTables(db);
    const report = await checkDatabase(db, config.partnershipDir, options.today ?? systemClock.today());
    if (options.json) io.out(JSON.stringify(report));
    else if (report.ok) io.out(`The database is consistent (${report.extracts} extracts checked).`);
    else {
      for (const p of report.problems) io.out(`${p.check}: ${p.problem}`);
      io.out(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found.`);
    }
    return report.ok ? EXIT_OK : EXIT_REFUSED;
  } finally {
    await db.close();
  }
}
