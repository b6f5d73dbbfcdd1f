/**
 * The SQL of the load, built from a dataset's field specs (the only
 * identifiers it contains) and an agreement's field policy. A reader's rows
 * (DuckDB's read_csv of the file, or the streaming reader's appended table)
 * become a temporary stage holding only what the judge and the agreement
 * need: key values raw, kept values raw, pseudonymised values already hashed,
 * and for a required field only whether it is blank. A dropped value is never
 * staged; only its length joins the read checksum.
 */
import { blobValue, BLOB } from '@duckdb/node-api';
import type { SqlParams, SqlTypes } from '../db/database.ts';
import type { DatasetModule, FieldRole, FieldSpec } from '../datasets/dataset-module.ts';
import type { LineBreak } from './csv-shape-scan.ts';
import type { Pseudonymiser } from './pseudonymiser.ts';
import { sqlIsBlank, sqlJsonString, sqlNeedsTrim, sqlSpaceTrimmedOrNull, sqlTrimmedOrNull } from './sql-text.ts';

/** What the SQL is built from. */
export type BulkSqlInput = {
  module: DatasetModule;
  roles: ReadonlyMap<string, FieldRole>;
  /** Column index of each field in the file (fields missing from the file are absent). */
  columnOf: ReadonlyMap<string, number>;
  headerFields: number;
  /** The agreement's kept and pseudonymised field names, in the agreement's order. */
  kept: ReadonlySet<string>;
  pseudonymised: ReadonlySet<string>;
};

/** The temporary tables of a load (one load at a time holds the write connection). */
export const STAGE = 'bulk_stage';
/** The streaming reader's rows, raw (c0, c1, … as in the file), in file order. */
export const APPENDED = 'bulk_appended';
export const OUTCOME = 'bulk_outcome';
export const RAGGED = 'bulk_ragged';

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a safe field name for SQL`);
  return name;
}

/**
 * read_csv's buffer for the stage. Measured on the stage of the ingest bench's 1M-row police file
 * (medians of 5): the default buffer made the order-keeping stage write about 0.7 s slower and cost
 * about 1.3 CPU-seconds more than 32 MiB; 24 to 48 MiB did as well as 32, 64 MiB a little worse.
 */
export const STAGE_READ_BUFFER_BYTES = 32 * 2 ** 20;

const LINE_BREAK_OPTION: Record<LineBreak, string> = { '\n': '\\n', '\r\n': '\\r\\n', '\r': '\\r' };

/** The raw file column of a field, or null when the file has no such column. */
function rawColumn(input: BulkSqlInput, field: string): string | null {
  const index = input.columnOf.get(field);
  return index === undefined ? null : `c${index}`;
}

/** The fields of the dataset with a given role. */
function withRole(input: BulkSqlInput, role: FieldRole): FieldSpec[] {
  return input.module.fields.filter((field) => input.roles.get(field.name) === role);
}

/** Key fields, whose raw values are staged and judged per distinct combination. */
export function keyFields(input: BulkSqlInput): FieldSpec[] {
  return withRole(input, 'key');
}

/** Required text fields, staged as a blank flag. */
export function requiredTextFields(input: BulkSqlInput): FieldSpec[] {
  return withRole(input, 'required-text');
}

/** Text fields the agreement keeps: staged raw, stored trimmed. */
function keptTextFields(input: BulkSqlInput): FieldSpec[] {
  return input.module.fields.filter((f) => input.roles.get(f.name) !== 'key' && input.kept.has(f.name));
}

function pseudonymisedFields(input: BulkSqlInput): FieldSpec[] {
  return input.module.fields.filter((f) => input.pseudonymised.has(f.name) && input.columnOf.has(f.name));
}

/** Key fields that are stored: their typed values come from the judgement. */
export function storedKeyFields(input: BulkSqlInput): FieldSpec[] {
  return keyFields(input).filter((f) => f.storage !== undefined && input.kept.has(f.name));
}

/** Fields whose undecodable bytes quarantine a row: those the agreement keeps or the layout requires, in field order. */
function checkedFields(input: BulkSqlInput): FieldSpec[] {
  return input.module.fields.filter((f) => (input.kept.has(f.name) || f.required) && input.columnOf.has(f.name));
}

function hmac(field: string, value: string): string {
  return `sha256($outer_${field} || unhex(sha256($inner_${field} || encode(${value}))))`;
}

/** a + b + c … as a balanced tree of sums, so that a file of thousands of columns stays within DuckDB's expression depth. */
function balancedSum(terms: readonly string[]): string {
  if (terms.length <= 1) return terms[0] ?? '0';
  const half = Math.ceil(terms.length / 2);
  return `(${balancedSum(terms.slice(0, half))} + ${balancedSum(terms.slice(half))})`;
}

/** Where the stage's rows come from: DuckDB's reader of the file, or the streaming reader's appended table. */
export type StageSource = { kind: 'csv'; path: string; lineBreak: LineBreak } | { kind: 'appended' };

/** The file columns the streaming reader appends: those of the dataset's fields; of every other it keeps only the length. */
export function appendedColumns(input: BulkSqlInput): number[] {
  return [...new Set(input.columnOf.values())].sort((a, b) => a - b);
}

/** The DDL of the streaming reader's table of raw rows: the dataset's columns (c0, c3, … as in the file) and the bytes of the others. */
export function appendedDdl(input: BulkSqlInput): string {
  return `CREATE OR REPLACE TEMP TABLE ${APPENDED} (${appendedColumns(input).map((i) => `c${i} VARCHAR, `).join('')}other_bytes BIGINT)`;
}

/** Builds the CREATE TEMP TABLE of the stage and its parameters (the file path and the HMAC prefixes, never SQL text); the same stage from either source. */
export function stageSql(input: BulkSqlInput, source: StageSource, pseudonymiser: Pseudonymiser): { sql: string; params: SqlParams; types: SqlTypes } {
  const columns = Array.from({ length: input.headerFields }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const select: string[] = [];
  const groupKey: string[] = [];
  for (const field of keyFields(input)) {
    const raw = rawColumn(input, field.name);
    select.push(`${raw === null ? `''` : `coalesce(${raw}, '')`} AS k_${identifier(field.name)}`);
    groupKey.push(`k_${field.name}`);
  }
  for (const field of requiredTextFields(input)) {
    const raw = rawColumn(input, field.name);
    select.push(`${raw === null ? 'TRUE' : sqlIsBlank(raw)} AS b_${identifier(field.name)}`);
    groupKey.push(`b_${field.name}`);
  }
  for (const field of keptTextFields(input)) {
    const raw = rawColumn(input, field.name);
    // An empty value is NULL whichever reader read it (read_csv tells a quoted "" from nothing; papaparse does not).
    select.push(`${raw === null ? 'NULL::VARCHAR' : `nullif(${raw}, '')`} AS t_${identifier(field.name)}`);
  }
  const undecodable = checkedFields(input).map((f) => `WHEN contains(${rawColumn(input, f.name)}, chr(65533)) THEN '${identifier(f.name)}'`);
  select.push(`${undecodable.length === 0 ? 'NULL' : `CASE ${undecodable.join(' ')} END`}::VARCHAR AS undecodable`);
  groupKey.push('undecodable');
  const params: SqlParams = source.kind === 'csv' ? { path: source.path } : {};
  const types: SqlTypes = {};
  for (const field of pseudonymisedFields(input)) {
    const name = identifier(field.name);
    const raw = rawColumn(input, name) ?? `''`;
    const { inner, outer } = pseudonymiser.hmacPrefixes(name);
    params[`inner_${name}`] = blobValue(inner);
    params[`outer_${name}`] = blobValue(outer);
    types[`inner_${name}`] = BLOB;
    types[`outer_${name}`] = BLOB;
    // p: the pseudonym of the trimmed value, as loaded (NULL when nothing is left, which the HMAC passes through);
    // q: of the raw value when trimming changed it, for the quarantine. One HMAC per value: it is the dearest step.
    select.push(
      `${hmac(name, sqlTrimmedOrNull(raw))} AS p_${name}`,
      `CASE WHEN ${raw} <> '' AND ${sqlNeedsTrim(raw)} THEN ${hmac(name, raw)} END AS q_${name}`,
    );
  }
  select.push(`hash(${groupKey.join(', ')}) AS gkey`);
  // Only the length of every value (dropped ones included) leaves the reader: the byte scan checks it.
  const strlen = (i: number) => `strlen(coalesce(c${i}, ''))`;
  const lengths =
    source.kind === 'csv'
      ? `${balancedSum(Array.from({ length: input.headerFields }, (_, i) => strlen(i)))}::BIGINT`
      : `(${balancedSum(appendedColumns(input).map(strlen))} + other_bytes)::BIGINT`;
  select.push(`${lengths} AS row_bytes`);
  const from =
    source.kind === 'appended'
      ? APPENDED
      : `read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '${LINE_BREAK_OPTION[source.lineBreak]}', ` +
        `columns = {${columns}}, ignore_errors = true, buffer_size = ${STAGE_READ_BUFFER_BYTES})`;
  // A record of empty fields (",,,,") is no row, as the byte scan and the streaming reader see it. The appended
  // rows are ordered by rowid (their file order) explicitly; read_csv's order is checked from the plan instead.
  const sql = `CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${select.join(', ')} FROM ${from} WHERE ${lengths} > 0${source.kind === 'appended' ? ' ORDER BY rowid' : ''}`;
  return { sql, params, types };
}

/**
 * The distinct combinations of key values and blank flags, each with its rows and first row.
 * Grouped on the values as well as their hash, so a gkey that comes back twice means two
 * different combinations share a hash, which the caller refuses.
 */
export function groupsSql(input: BulkSqlInput): string {
  const columns = [...keyFields(input).map((f) => `k_${f.name}`), ...requiredTextFields(input).map((f) => `b_${f.name}`), 'undecodable'];
  return `SELECT gkey, ${columns.map((c) => `${c}, `).join('')}count(*)::BIGINT AS n, (min(rowid) - $base)::BIGINT AS first_row FROM ${STAGE} GROUP BY ALL`;
}

/** DDL of the judged outcome per combination, joined back to the stage on gkey. */
export function outcomeDdl(input: BulkSqlInput): string {
  const values = storedKeyFields(input).map((f) => `, v_${identifier(f.name)} ${f.storage}`);
  return `CREATE OR REPLACE TEMP TABLE ${OUTCOME} (gkey UBIGINT, ok BOOLEAN, period DATE, lsoa21 VARCHAR, field VARCHAR, reason VARCHAR${values.join('')})`;
}

/**
 * INSERT of the rows that passed into the dataset table, in its column order.
 * `otherWhitespace` is the byte scan's finding that some value may start or
 * end with whitespace other than a space; without it, trimming tests only for spaces.
 */
export function insertSql(input: BulkSqlInput, line: { line: string; join: string }, otherWhitespace: boolean): string {
  const stored = input.module.fields.filter((f) => f.storage !== undefined);
  const trimmed = otherWhitespace ? sqlTrimmedOrNull : sqlSpaceTrimmedOrNull;
  const values = stored.map((field) => {
    const name = identifier(field.name);
    if (input.pseudonymised.has(name)) return input.columnOf.has(name) ? `s.p_${name}` : 'NULL';
    if (!input.kept.has(name)) return 'NULL';
    if (input.roles.get(name) === 'key') return `o.v_${name}`;
    return trimmed(`s.t_${name}`);
  });
  return (
    `INSERT INTO ${identifier(input.module.table)} (extract_id, line_number, period, lsoa21_code, ${stored.map((f) => f.name).join(', ')}) ` +
    `SELECT $extractId, ${line.line}, o.period, o.lsoa21, ${values.join(', ')} ` +
    `FROM ${STAGE} s JOIN ${OUTCOME} o ON o.gkey = s.gkey ${line.join} WHERE o.ok`
  );
}

/** The quarantine's kept_values JSON, as JSON.stringify writes the streaming path's object: kept raw values, then pseudonyms. */
function keptValuesJson(input: BulkSqlInput): string {
  const pieces: string[] = [];
  for (const name of input.kept) {
    if (!input.module.fields.some((f) => f.name === name) || !input.columnOf.has(name)) continue;
    const raw = input.roles.get(name) === 'key' ? `s.k_${identifier(name)}` : `s.t_${identifier(name)}`;
    pieces.push(`CASE WHEN ${raw} <> '' THEN '"${name}":' || ${sqlJsonString(raw)} END`);
  }
  for (const name of input.pseudonymised) {
    if (!input.module.fields.some((f) => f.name === name) || !input.columnOf.has(name)) continue;
    const pseudonym = `coalesce(s.q_${identifier(name)}, s.p_${name})`;
    pieces.push(`CASE WHEN ${pseudonym} IS NOT NULL THEN '"${name}":"' || ${pseudonym} || '"' END`);
  }
  return pieces.length === 0 ? `'{}'` : `'{' || concat_ws(',', ${pieces.join(', ')}) || '}'`;
}

/**
 * INSERT of the quarantined rows (judged ones and ragged ones) in line order. Rows outside the
 * partnership's area have no outcome, so the joins leave them out of both INSERTs.
 */
export function quarantineSql(input: BulkSqlInput, line: { line: string; join: string }): string {
  return (
    `INSERT INTO quarantine (extract_id, line_number, field, reason, kept_values) SELECT * FROM (` +
    `SELECT $extractId AS extract_id, ${line.line} AS line_number, o.field, o.reason, ${keptValuesJson(input)} AS kept_values ` +
    `FROM ${STAGE} s JOIN ${OUTCOME} o ON o.gkey = s.gkey ${line.join} WHERE NOT o.ok ` +
    `UNION ALL SELECT $extractId, line_number, NULL, reason, '{}' FROM ${RAGGED}) ORDER BY line_number`
  );
}
