import { ACCESS_TABLES } from '../access/access-schema.ts';

/**
 * The database schema. Tables are created if missing, so opening an existing
 * file is cheap; dataset tables come from the dataset modules (see datasets/registry.ts).
 */
const CORE_TABLES = [
  `CREATE TABLE IF NOT EXISTS meta (
     key VARCHAR PRIMARY KEY,
     value VARCHAR NOT NULL
   )`,
  // Every area the observatory publishes: LSOA 2021, ward, local authority, partnership, locality.
  `CREATE TABLE IF NOT EXISTS area (
     code VARCHAR PRIMARY KEY,
     name VARCHAR NOT NULL,
     level VARCHAR NOT NULL,
     ward_code VARCHAR,
     lad_code VARCHAR,
     partnership_code VARCHAR NOT NULL
   )`,
  // Localities: named groups of LSOAs of a kind (policing teams, care networks), beside the hierarchy.
  `CREATE TABLE IF NOT EXISTS locality_kind (
     id VARCHAR PRIMARY KEY,
     name VARCHAR NOT NULL,
     description VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS locality (
     code VARCHAR PRIMARY KEY,
     kind VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS locality_lsoa (
     locality_code VARCHAR NOT NULL,
     lsoa21_code VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS area_geometry (
     code VARCHAR PRIMARY KEY,
     level VARCHAR NOT NULL,
     geometry VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS population (
     lsoa21_code VARCHAR NOT NULL,
     age_group VARCHAR NOT NULL,
     usual_residents INTEGER NOT NULL,
     aged_65_plus BOOLEAN NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS households (
     lsoa21_code VARCHAR PRIMARY KEY,
     households INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS imd2025 (
     lsoa21_code VARCHAR PRIMARY KEY,
     imd_score DOUBLE NOT NULL,
     imd_rank INTEGER NOT NULL,
     imd_decile INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS lsoa11_lsoa21 (
     lsoa11_code VARCHAR NOT NULL,
     lsoa21_code VARCHAR NOT NULL,
     share_of_lsoa11 DOUBLE NOT NULL,
     share_of_lsoa21 DOUBLE NOT NULL,
     relationship VARCHAR NOT NULL
   )`,
  // One row per extract file offered, loaded or refused; never deleted.
  `CREATE TABLE IF NOT EXISTS extract_log (
     extract_id VARCHAR PRIMARY KEY,
     partner VARCHAR,
     dataset VARCHAR,
     agreement_id VARCHAR,
     agreement_version VARCHAR,
     file_name VARCHAR NOT NULL,
     sha256 VARCHAR NOT NULL,
     generated BOOLEAN NOT NULL,
     period_start DATE,
     period_end DATE,
     rows_read INTEGER NOT NULL,
     rows_loaded INTEGER NOT NULL,
     rows_quarantined INTEGER NOT NULL,
     fields_dropped VARCHAR NOT NULL,
     quarantine_reasons VARCHAR NOT NULL,
     quality VARCHAR NOT NULL,
     loaded_by VARCHAR NOT NULL,
     loaded_at TIMESTAMP NOT NULL,
     status VARCHAR NOT NULL,
     refusal_reason VARCHAR,
     superseded_by VARCHAR,
     purged_at TIMESTAMP,
     rows_purged INTEGER
   )`,
  // Rejected rows: where and why, holding only fields the agreement keeps.
  `CREATE TABLE IF NOT EXISTS quarantine (
     extract_id VARCHAR NOT NULL,
     line_number INTEGER NOT NULL,
     field VARCHAR,
     reason VARCHAR NOT NULL,
     kept_values VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS indicator_build (
     build_id INTEGER PRIMARY KEY,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP NOT NULL,
     full_rebuild BOOLEAN NOT NULL,
     indicators INTEGER NOT NULL,
     values_written INTEGER NOT NULL,
     milliseconds INTEGER NOT NULL
   )`,
  // Published figures are stored as numbers, with codes for their indicator and period, their area
  // and their texts; indicator_value (below) is the view everything reads. An England-scale build
  // writes some 18 million figures, and writing eight text columns for each took most of its time.
  `CREATE TABLE IF NOT EXISTS indicator_period (
     slot INTEGER PRIMARY KEY,
     indicator_id VARCHAR NOT NULL,
     period_id VARCHAR NOT NULL,
     period_start DATE NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS indicator_area (
     area INTEGER PRIMARY KEY,
     code VARCHAR NOT NULL,
     level VARCHAR NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS indicator_text (
     text_code INTEGER PRIMARY KEY,
     suppressed BOOLEAN NOT NULL,
     suppression_reason VARCHAR,
     comparison VARCHAR,
     trend VARCHAR,
     rag VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS indicator_figure (
     build_id INTEGER NOT NULL,
     slot INTEGER NOT NULL,
     area INTEGER NOT NULL,
     numerator DOUBLE,
     denominator DOUBLE,
     value DOUBLE,
     lower DOUBLE,
     upper DOUBLE,
     text_code INTEGER NOT NULL
   )`,
  // Risk reviews recorded through the CLI or the API; the register's earlier reviews ship in risks.json.
  `CREATE TABLE IF NOT EXISTS risk_review (
     risk_id VARCHAR NOT NULL,
     reviewed_on DATE NOT NULL,
     likelihood INTEGER NOT NULL,
     impact INTEGER NOT NULL,
     note VARCHAR NOT NULL,
     recorded_by VARCHAR NOT NULL,
     recorded_at TIMESTAMP NOT NULL
   )`,
  // Interventions added through the API (as validated JSON); those in interventions.json ship with the partnership.
  `CREATE TABLE IF NOT EXISTS intervention (
     intervention_id VARCHAR PRIMARY KEY,
     definition VARCHAR NOT NULL,
     recorded_by VARCHAR NOT NULL,
     recorded_at TIMESTAMP NOT NULL
   )`,
  // An upload through the API from the moment its ingest is queued: it outlives the server process, so a job a
  // restart cut short answers "interrupted" instead of being forgotten. summary: the ingest result or the problem, as JSON.
  `CREATE TABLE IF NOT EXISTS upload_job (
     job_id VARCHAR PRIMARY KEY,
     owner VARCHAR NOT NULL,
     partner VARCHAR,
     dataset VARCHAR,
     file_name VARCHAR NOT NULL,
     state VARCHAR NOT NULL,
     started_at TIMESTAMP NOT NULL,
     finished_at TIMESTAMP,
     summary VARCHAR
   )`,
  `CREATE TABLE IF NOT EXISTS audit_log (
     occurred_at TIMESTAMP NOT NULL,
     actor VARCHAR NOT NULL,
     action VARCHAR NOT NULL,
     target VARCHAR NOT NULL,
     outcome VARCHAR NOT NULL
   )`,
];

/**
 * Columns added after a table was first released: each is added where missing, so a database
 * made before it opens as before, its old rows taking the default (what was true of them then).
 */
const ADDED_COLUMNS = [
  // Rows outside the partnership's area were quarantined until these came: old extracts have none apart.
  `ALTER TABLE extract_log ADD COLUMN IF NOT EXISTS rows_outside_area INTEGER DEFAULT 0`,
  // [{"district": "Preston" | null, "rows": n}, …], most rows first.
  `ALTER TABLE extract_log ADD COLUMN IF NOT EXISTS outside_area_districts VARCHAR DEFAULT '[]'`,
  // {"dataset": fingerprint of its extracts in force} a build covers (build-inputs.ts); null before it was recorded.
  `ALTER TABLE indicator_build ADD COLUMN IF NOT EXISTS inputs VARCHAR`,
  // A token's optional label (what it is for) and when an admin revoked it; tokens issued before have neither.
  `ALTER TABLE access_token ADD COLUMN IF NOT EXISTS label VARCHAR`,
  `ALTER TABLE access_token ADD COLUMN IF NOT EXISTS revoked_at TIMESTAMP`,
  // The token a browser session was signed in with (null: a password), so revoking it ends them. Sessions
  // stored before have none and end only when they expire, are signed out or their user is disabled.
  `ALTER TABLE observatory_session ADD COLUMN IF NOT EXISTS token_id VARCHAR`,
  // Who cancelled an upload job (state 'cancelled'); jobs stored before cancelling existed have none.
  `ALTER TABLE upload_job ADD COLUMN IF NOT EXISTS cancelled_by VARCHAR`,
];

/** One published figure per row: an indicator for an area and period, after disclosure control. */
const INDICATOR_VALUE_VIEW = `CREATE OR REPLACE VIEW indicator_value AS
  SELECT f.build_id, p.indicator_id, a.level, a.code AS area_code, p.period_id, p.period_start,
         f.numerator, f.denominator, f.value, f.lower, f.upper,
         t.suppressed, t.suppression_reason, t.comparison, t.trend, t.rag
  FROM indicator_figure f
  JOIN indicator_period p ON p.slot = f.slot
  JOIN indicator_area a ON a.area = f.area
  JOIN indicator_text t ON t.text_code = f.text_code`;

/**
 * Creates the core tables if they do not exist, adds the columns added since, and the indicator_value view. A database from
 * before the view held indicator_value as a table: its rows are derived, so it is dropped with the
 * build records, which makes the next build a full one.
 */
export async function applySchema(run: (sql: string) => Promise<void>, query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<void> {
  for (const statement of [...CORE_TABLES, ...ACCESS_TABLES]) await run(statement);
  for (const statement of ADDED_COLUMNS) await run(statement);
  const legacy = await query(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables
     WHERE table_schema = 'main' AND table_name = 'indicator_value' AND table_type = 'BASE TABLE'`,
  );
  if (Number(legacy[0]?.n) > 0) {
    await run('DROP TABLE indicator_value');
    await run('DELETE FROM indicator_build');
  }
  await run(INDICATOR_VALUE_VIEW);
}
