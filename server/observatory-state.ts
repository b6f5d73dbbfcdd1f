import type { Observatory } from '../pipeline/observatory.ts';
import type { Agreement } from '../pipeline/agreements/agreement-schema.ts';
import type { Database } from '../pipeline/db/database.ts';
import type { IndicatorDefinition } from '../pipeline/indicators/indicator-definition.ts';
import { PublishedFigures } from '../pipeline/indicators/published-figures.ts';
import type { IngestContext } from '../pipeline/ingest/ingest-context.ts';
import type { Partnership } from '../pipeline/partnership/partnership.ts';

/** What the API serves from: one database, one partnership, its agreements and indicators. */
export type ObservatoryState = {
  db: Database;
  partnership: Partnership;
  agreements: Agreement[];
  definitions: IndicatorDefinition[];
  ingest: IngestContext;
  /** Where the built web app is, or null when only the API is served. */
  webDir: string | null;
  /** Today's date (YYYY-MM-DD), injectable so tests can check expiry. */
  today: () => string;
  /** Every read of published figures, with the lapsed-agreement rule applied on `today`. */
  figures: PublishedFigures;
};

/** The API's state over an open observatory; `today` defaults to the observatory's clock. */
export function observatoryState(
  observatory: Observatory,
  options: { webDir: string | null; today?: () => string },
): ObservatoryState {
  const today = options.today ?? (() => observatory.clock.today());
  return {
    db: observatory.db,
    partnership: observatory.partnership,
    agreements: observatory.agreements,
    definitions: observatory.definitions,
    ingest: observatory.ingest,
    webDir: options.webDir,
    today,
    figures: new PublishedFigures(observatory.db, observatory.definitions, observatory.agreements, today),
  };
}
