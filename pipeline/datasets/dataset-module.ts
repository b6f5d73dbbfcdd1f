/**
 * The contract every partner dataset implements. Adding a dataset is one new
 * module that exports a DatasetModule, listed in registry.ts, plus an agreement.
 */
import type { z } from 'zod';
import type { DateFormat } from './date-formats.ts';

export type StorageType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'TIMESTAMP' | 'BOOLEAN';

/** One column of the partner's layout. */
export type FieldSpec = {
  /** Canonical field name, used by agreements and indicator filters (snake_case). */
  name: string;
  /** The header as the partner writes it (matched case- and space-insensitively). */
  header: string;
  /** How the field is stored when an agreement keeps it; absent = never storable (personal data). */
  storage?: StorageType;
  /** Needed to recognise the layout from a header. */
  required: boolean;
  /** For a date field, the format its parser reads (the upload preview checks the first rows with it). */
  dateFormat?: DateFormat;
};

/**
 * The district the partner's own data names for a record (e.g. the "Preston" of LSOA name
 * "Preston 001A"), or null: used only to count rows outside the partnership's area by district.
 */
export type SuppliedDistrict = { district?: string | null };

/** Where a record is, as the partner gave it. */
export type LocationInput =
  | ({ kind: 'wgs84'; longitude: number; latitude: number; suppliedLsoa: string | null } & SuppliedDistrict)
  | ({ kind: 'bng'; easting: number; northing: number; suppliedLsoa: string | null } & SuppliedDistrict)
  | ({ kind: 'lsoa'; code: string } & SuppliedDistrict)
  | { kind: 'postcode'; postcode: string }
  | { kind: 'none'; reason: string };

export type StoredValue = string | number | boolean | null;

/** A row that passed validation, before placement. */
export type ParsedRow = {
  ok: true;
  /** First day of the month the record belongs to, as YYYY-MM. */
  period: string;
  location: LocationInput;
  /** Typed values by field name (only storable fields; the agreement filters further). */
  values: Record<string, StoredValue>;
  /** Pre-aggregated rows whose count the sender withheld (e.g. "*" or "<5"). */
  senderSuppressed?: boolean;
};

/** A row that failed validation: the field at fault and why (never the value of a dropped field). */
export type RowProblem = { ok: false; field: string; reason: string };

/** The current row's cells by canonical field name ("" where the file has no such column). */
export type RawRow = Record<string, string>;

/**
 * How the shared judge (ingest/judge-groups.ts) treats a field, derived from the row
 * schema's parser (field-roles.ts): free text that is only trimmed
 * (optionalTextSchema), text that must not be blank (requiredTextSchema), or a
 * key field judged by the dataset's own parsers once per distinct combination of key values.
 */
export type FieldRole = 'text' | 'required-text' | 'key';

/** What the key fields of one row decide, judged by the dataset's own parsers. */
export type KeyVerdict =
  | {
      ok: true;
      period: string;
      location: LocationInput;
      /** Typed values of the key fields that have storage. */
      values: Record<string, StoredValue>;
      senderSuppressed?: boolean;
    }
  /** schema: a field failed its parser (reported in field order); otherwise a problem of the row as a whole. */
  | { ok: false; schema: boolean; field: string; reason: string };

export interface DatasetModule {
  /** partner.dataset, e.g. "police.street_crime". */
  readonly id: string;
  readonly partner: string;
  readonly title: string;
  readonly fields: readonly FieldSpec[];
  /** The DuckDB table that holds loaded rows. */
  readonly table: string;
  /** For pre-aggregated datasets, the column holding the count; otherwise each row counts 1. */
  readonly countColumn: string | null;
  /** The zod schema of one row, in field order: parseRow's first step, and what decides each field's role. */
  readonly rowSchema: z.ZodObject;
  /**
   * Free-text fields that the period, the place or a stored value also read (a district named in
   * a text field, a postcode, a value stored lower-cased): judged as keys, not only trimmed.
   */
  readonly textKeys?: readonly string[];
  /** Validates and types one row. */
  parseRow(raw: RawRow): ParsedRow | RowProblem;
}
