/**
 * When an agreement's raw rows are next due for the purge: the earliest day on
 * which one of the extracts loaded under it passes its retention. The purge
 * itself (purge-expired-rows.ts) deletes them when `observatory purge` runs.
 */
import { z } from 'zod';
import { addDays } from '../agreements/agreement-deadlines.ts';
import type { Agreement } from '../agreements/agreement-schema.ts';
import type { Database } from '../db/database.ts';
import { keepUntilDay } from './purge-expired-rows.ts';

/** Raw rows an agreement still holds, and when the purge is next due. */
export type RetentionSchedule = {
  /** Loaded extracts under this agreement whose raw rows are still stored. */
  extractsHeld: number;
  /** The first day the oldest of them may be purged (the day after its last day of retention), or null when none is held. */
  nextPurgeDue: string | null;
  /** When the last purge of this agreement's extracts ran, or null. */
  lastPurgedOn: string | null;
};

const row = z.object({ held: z.number().int(), oldest: z.string().nullable(), last_purged: z.string().nullable() });

/** The retention schedule of an agreement (every version of it: an extract keeps the retention it was loaded under). */
export async function retentionSchedule(db: Database, agreement: Agreement): Promise<RetentionSchedule> {
  const [result] = await db.all(
    `SELECT count(*) FILTER (WHERE status = 'loaded' AND purged_at IS NULL)::INTEGER AS held,
            strftime(min(loaded_at) FILTER (WHERE status = 'loaded' AND purged_at IS NULL), '%Y-%m-%d') AS oldest,
            strftime(max(purged_at), '%Y-%m-%d') AS last_purged
     FROM extract_log WHERE agreement_id = $id AND agreement_version = $version`,
    { id: agreement.id, version: agreement.version },
    row,
  );
  const oldest = result?.oldest ?? null;
  return {
    extractsHeld: result?.held ?? 0,
    nextPurgeDue: oldest === null ? null : addDays(keepUntilDay(oldest, agreement.retentionDays), 1),
    lastPurgedOn: result?.last_purged ?? null,
  };
}
