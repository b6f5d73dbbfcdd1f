import type { BoardDefinitions } from '../pipeline/boards/board-definitions.ts';
import type { Observatory } from '../pipeline/observatory.ts';
import type { Agreement } from '../pipeline/agreements/agreement-schema.ts';
import type { Database } from '../pipeline/db/database.ts';
import type { IndicatorDefinition } from '../pipeline/indicators/indicator-definition.ts';
import type { IngestContext } from '../pipeline/ingest/ingest-context.ts';
import type { Partnership } from '../pipeline/partnership/partnership.ts';

/** What the API serves from: one database, one partnership, its agreements and indicators. */
export type ObservatoryState = {
  db: Database;
  partnership: Partnership;
  agreements: Agreement[];
  definitions: IndicatorDefinition[];
  /** Priorities, the risk register and interventions. */
  boards: BoardDefinitions;
  ingest: IngestContext;
  /** Where the built web app is, or null when only the API is served. */
  webDir: string | null;
  /** Today's date (YYYY-MM-DD), injectable so tests can check expiry. */
  today: () => string;
};

/** The API's state over an open observatory; `today` defaults to the real date. */
export function observatoryState(
  observatory: Observatory,
  options: { webDir: string | null; today?: () => string },
): ObservatoryState {
  return {
    db: observatory.db,
    partnership: observatory.partnership,
    agreements: observatory.agreements,
    definitions: observatory.definitions,
    boards: observatory.boards,
    ingest: observatory.ingest,
    webDir: options.webDir,
    today: options.today ?? (() => new Date().toISOString().slice(0, 10)),
  };
}
