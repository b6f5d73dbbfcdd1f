import type { BoardDefinitions } from '../pipeline/boards/board-definitions.ts';
import type { Observatory } from '../pipeline/observatory.ts';
import { appendAuditEvents } from '../pipeline/access/audit-store.ts';
import type { Agreement } from '../pipeline/agreements/agreement-schema.ts';
import type { Database } from '../pipeline/db/database.ts';
import type { IndicatorDefinition } from '../pipeline/indicators/indicator-definition.ts';
import { PublishedFigures } from '../pipeline/indicators/published-figures.ts';
import type { IngestContext } from '../pipeline/ingest/ingest-context.ts';
import type { Partnership } from '../pipeline/partnership/partnership.ts';
import { uploadDirOf } from './access/credentials.ts';
import { recentSignInAttempts } from '../pipeline/access/sign-in-attempts.ts';
import { AccessWriteBehind } from './access/access-write-behind.ts';
import { CredentialCache } from './access/credential-cache.ts';
import { SessionStore } from './access/session-store.ts';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter } from './access/sign-in-limiter.ts';
import { AuditBuffer } from './audit/audit-buffer.ts';

/** The server's access settings: who it answers, how big an upload may be, where uploads go, the CLI's hand-off secret. */
export type AccessSettings = {
  allowedHosts: string[];
  uploadLimitBytes: number;
  uploadDir: string;
  /** The secret the CLI's hand-off must present, or null when the hand-off is off (no server file). */
  localSecret: string | null;
  sessionHours: number;
};

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
  access: AccessSettings;
  sessions: SessionStore;
  signInLimiter: SignInLimiter;
  /** Checked tokens and users, kept briefly; disabling a user forgets theirs at once. */
  credentials: CredentialCache;
  /** New sessions and sign-in attempts waiting for the database writer (flushed on shutdown). */
  accessWrites: AccessWriteBehind;
  auditBuffer: AuditBuffer;
  /** Every read of published figures, with the lapsed-agreement rule applied on `today`. */
  figures: PublishedFigures;
};

/** The API's state over an open observatory; `today` defaults to the observatory's clock. */
export function observatoryState(
  observatory: Observatory,
  options: { webDir: string | null; today?: () => string; localSecret?: string | null; access?: Partial<AccessSettings>; auditBuffer?: AuditBuffer },
): ObservatoryState {
  const { config, db } = observatory;
  const access: AccessSettings = {
    allowedHosts: config.allowedHosts,
    uploadLimitBytes: config.uploadLimitBytes,
    uploadDir: uploadDirOf(db.path),
    localSecret: options.localSecret ?? null,
    sessionHours: config.sessionHours,
    ...options.access,
  };
  const today = options.today ?? (() => observatory.clock.today());
  const accessWrites = new AccessWriteBehind({ db, attemptWindowMs: DEFAULT_SIGN_IN_LIMITS.windowMs });
  return {
    db,
    partnership: observatory.partnership,
    agreements: observatory.agreements,
    definitions: observatory.definitions,
    boards: observatory.boards,
    ingest: observatory.ingest,
    webDir: options.webDir,
    today,
    access,
    sessions: new SessionStore(db, accessWrites, access.sessionHours * 3_600_000),
    signInLimiter: new SignInLimiter({ loadRecent: (since) => recentSignInAttempts(db, since), writes: accessWrites }),
    credentials: new CredentialCache(),
    accessWrites,
    auditBuffer:
      options.auditBuffer ?? new AuditBuffer({ append: (events) => appendAuditEvents(db, events), writerIdle: () => db.writerIdle }),
    figures: new PublishedFigures(observatory.db, observatory.definitions, observatory.agreements, today),
  };
}
