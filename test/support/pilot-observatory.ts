import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { buildIndicators } from '../../pipeline/indicators/build-indicators.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../../pipeline/ingest/partnership-extracts.ts';
import { openObservatory, type Observatory } from '../../pipeline/observatory.ts';
import { createDemoUsers } from '../../pipeline/access/user-store.ts';

export const PILOT_DIR = fileURLToPath(new URL('../../datasets/chorley-south-ribble', import.meta.url));

export type LoadedPilot = {
  observatory: Observatory;
  results: IngestResult[];
  dir: string;
  /** The Hono app over this observatory; `today` can be moved to test agreement expiry. */
  app(today?: string): ReturnType<typeof createApp>;
  /** Demo users' tokens by role (admin, analyst, executive, public, partner:<id>). */
  tokens: Record<string, string>;
  /** Request headers that authenticate as the demo user of a role (analyst by default). */
  auth(role?: string): { authorization: string };
  close(): Promise<void>;
};

/**
 * Opens the pilot partnership on a fresh temporary DuckDB file, loads every extract (or only those of
 * `partners`, by their folder under extracts/) and builds the indicators.
 */
export async function loadPilot(options: { partners?: readonly string[] } = {}): Promise<LoadedPilot> {
  const dir = mkdtempSync(join(tmpdir(), 'observatory-test-'));
  const observatory = await openObservatory(
    loadConfig({ OBSERVATORY_DB: join(dir, 'observatory.duckdb'), OBSERVATORY_PARTNERSHIP: PILOT_DIR, OBSERVATORY_PSEUDONYM_KEY: 'k'.repeat(40), OBSERVATORY_USER: 'test' }),
  );
  const results: IngestResult[] = [];
  const chosen = (file: string) => options.partners === undefined || options.partners.includes(basename(dirname(file)));
  for (const file of listPartnershipExtracts(observatory.partnership.extractsDir).filter(chosen)) {
    results.push(await ingestExtract(observatory.ingest, file, { today: '2026-11-23' }));
  }
  await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true }, '2026-11-23');
  // Sign-in is required: the tests call the API as the demo user of a role.
  const partners = [...new Set(observatory.agreements.map((a) => a.partner))].sort();
  const issued = await createDemoUsers(observatory.db, partners, { today: '2026-11-23', days: 3650 });
  const tokens = Object.fromEntries(issued.map((u) => [u.role, u.token]));
  return {
    tokens,
    auth: (role = 'analyst') => {
      const token = tokens[role];
      if (!token) throw new Error(`no demo user for role ${role}`);
      return { authorization: `Bearer ${token}` };
    },
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
