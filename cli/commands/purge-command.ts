import { loadAgreements } from '../../pipeline/agreements/load-agreements.ts';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { Database } from '../../pipeline/db/database.ts';
import { purgeExpiredRows } from '../../pipeline/retention/purge-expired-rows.ts';
import { formatTable } from '../summary-table.ts';
import type { CommandIo } from '../command-io.ts';

export type PurgeCommandOptions = { json: boolean; dryRun: boolean; today?: string };

/** observatory purge [--dry-run] [--json] [--today YYYY-MM-DD]: deletes raw rows past their agreement's retention. */
export async function purgeCommand(config: ObservatoryConfig, options: PurgeCommandOptions, io: CommandIo): Promise<number> {
  // Agreements first: a broken agreement file stops the purge before the database is touched.
  const agreements = loadAgreements(config.partnershipDir);
  const db = await Database.open(config.databasePath);
  try {
    const summary = await purgeExpiredRows(db, agreements, {
      ...(options.today ? { today: options.today } : {}),
      dryRun: options.dryRun,
      actor: config.user,
    });
    if (options.json) {
      io.out(JSON.stringify(summary));
      return 0;
    }
    if (summary.extracts.length > 0) {
      io.out(
        formatTable(
          ['extract', 'dataset', 'loaded', 'kept until', 'rows', 'quarantined'],
          summary.extracts.map((e) => [e.extractId, e.dataset, e.loadedOn, e.keepUntil, e.datasetRows, e.quarantineRows]),
        ),
      );
    }
    const verb = summary.dryRun ? 'Would purge' : 'Purged';
    io.out(`${verb} ${summary.rowsPurged.toLocaleString('en-GB')} raw rows of ${summary.extracts.length} extracts past retention on ${summary.today}`);
    for (const skipped of summary.skipped) io.err(`not judged ${skipped.extractId}: ${skipped.reason}`);
    return 0;
  } finally {
    await db.close();
  }
}
