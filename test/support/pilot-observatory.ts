import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../../pipeline/ingest/partnership-extracts.ts';
import { openObservatory, type Observatory } from '../../pipeline/observatory.ts';

export const PILOT_DIR = fileURLToPath(new URL('../../datasets/chorley-south-ribble', import.meta.url));

export type LoadedPilot = {
  observatory: Observatory;
  results: IngestResult[];
  dir: string;
  /** The Hono app over this observatory; `today` can be moved to test agreement expiry. */
  app(today?: string): ReturnType<typeof createApp>;
  close(): Promise<void>;
};

/** Opens the pilot partnership on a fresh temporary DuckDB file, loads every extract and builds the indicators. */
export async function loadPilot(): Promise<LoadedPilot> {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-test-'));
  const observatory = await openObservatory(
    loadConfig({ OBSERVATORY_DB: join(dir, 'observatory.duckdb'), OBSERVATORY_PARTNERSHIP: PILOT_DIR, OBSERVATORY_PSEUDONYM_KEY: 'k'.repeat(40), OBSERVATORY_USER: 'test' }),
  );
  const results: IngestResult[] = [];
  for (const file of listPartnershipExtracts(observatory.partnership.extractsDir)) {
    results.push(await ingestExtract(observatory.ingest, file, { today: '2026-11-23' }));
  }
  await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true }, '2026-11-23');
  return {
    observatory,
    results,
    dir,
    app: (today = '2026-11-23') => createApp(observatoryState(observatory, { webDir: null, today: () => today })),
    close: async () => {
      await observatory.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
