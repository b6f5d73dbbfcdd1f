import type { Agreement } from './agreements/agreement-schema.ts';
import { loadAgreements } from './agreements/load-agreements.ts';
import { loadBoardDefinitions, type BoardDefinitions } from './boards/board-definitions.ts';
import { localityKinds } from './boards/intervention-store.ts';
import { systemClock, type Clock } from './clock.ts';
import type { ObservatoryConfig } from './config.ts';
import { Database } from './db/database.ts';
import { checkFiltersAgainstAgreements, loadIndicatorDefinitions, type IndicatorDefinition } from './indicators/indicator-definition.ts';
import { createIngestContext, type IngestContext } from './ingest/ingest-context.ts';
import { loadPartnership, type Partnership } from './partnership/partnership.ts';
import { loadReferenceData } from './reference/load-reference.ts';

/** An open observatory: its database with reference data loaded, and the partnership's rules. */
export type Observatory = {
  config: ObservatoryConfig;
  db: Database;
  partnership: Partnership;
  agreements: Agreement[];
  definitions: IndicatorDefinition[];
  /** Priorities, the risk register and interventions (datasets/<partnership>/*.json). */
  boards: BoardDefinitions;
  ingest: IngestContext;
  referenceReloaded: boolean;
  /** The day agreements, retention and lapses are judged by. */
  clock: Clock;
};

/**
 * Opens the database, validates the partnership folder (agreements and
 * indicator definitions fail fast with file and field), and loads the
 * reference data if it changed.
 */
export async function openObservatory(config: ObservatoryConfig, clock: Clock = systemClock): Promise<Observatory> {
  const partnership = loadPartnership(config.partnershipDir);
  const agreements = loadAgreements(partnership.dir);
  const definitions = loadIndicatorDefinitions(partnership.indicatorsDir);
  checkFiltersAgainstAgreements(definitions, agreements, partnership.indicatorsDir);
  const db = await Database.open(config.databasePath);
  try {
    const referenceReloaded = await loadReferenceData(db, partnership);
    // Board files name localities, which are checked against what the reference data loaded.
    const boards = loadBoardDefinitions(partnership.dir, definitions, await localityKinds(db));
    const ingest = await createIngestContext(db, partnership, config, clock);
    return { config, db, partnership, agreements, definitions, boards, ingest, referenceReloaded, clock };
  } catch (error) {
    await db.close();
    throw error;
  }
}
