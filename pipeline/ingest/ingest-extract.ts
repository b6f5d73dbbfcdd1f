import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Agreement } from '../agreements/agreement-schema.ts';
import { agreementInForce } from '../agreements/load-agreements.ts';
import type { WriteTransaction } from '../db/database.ts';
import { jsonText } from '../db/typed-rows.ts';
import type { DatasetModule } from '../datasets/dataset-module.ts';
import { fieldRoles } from '../datasets/field-roles.ts';
import { recognise, matchHeader, type HeaderMatch } from '../datasets/header-matching.ts';
import { DATASETS, datasetById } from '../datasets/registry.ts';
import { AgreementError, ExtractRefusedError, InputError, StorageFullError } from '../errors.ts';
import { throwIfCancelled } from './cancellation.ts';
import { detectEncoding, fingerprintFile, readHeader, refuseIfNotCsvText, type CsvDelimiter, type EncodingReport } from './extract-reader.ts';
import type { IngestContext } from './ingest-context.ts';
import { nextExtractId, recordExtract } from './extract-log.ts';
import { loadExtract, withBulkMemoryLimit } from './bulk-load.ts';
import type { LoadTally } from './load-tally.ts';
import { detectNativeDialect } from './native-csv-dialect.ts';
import type { LoadInput } from './stage.ts';

import { outsideDistrictSchema, outsideDistricts, type IngestResult } from './ingest-result.ts';
import { reinstateInTransaction, ReplacementNotConfirmedError, supersedeOlderRows } from './supersession.ts';
export type { IngestResult, IngestStatus, QualityReport } from './ingest-result.ts';

export type IngestOptions = {
  /** Force the dataset ("partner.dataset") instead of recognising it from the header. */
  dataset?: string;
  /** Validate and report without writing anything. */
  dryRun?: boolean;
  /** The day whose agreements apply (YYYY-MM-DD); the context's clock's by default. */
  today?: string;
  /** The name to record, when the file on disk is a temporary upload. */
  displayName?: string;
  onProgress?: (progress: { rows: number; bytesRead: number; totalBytes: number }) => void;
  /** 'auto' reads large regular extracts natively in DuckDB (same outcome, faster); 'streaming' always parses in TypeScript. */
  reader?: 'auto' | 'streaming';
  /** Told which reader loaded the file and, for the streaming one, why the native one could not. */
  onReader?: (reader: 'native' | 'streaming', why: string | null) => void;
  /**
   * Confirms that the file may replace the extracts already loaded for its periods (see supersession.ts);
   * without it such a file is refused, naming them. Re-sending a superseded extract's bytes with it reinstates that extract.
   */
  replace?: boolean;
  /** The sender is this partner (an upload by a partner's user): only that partner's own datasets may be loaded. */
  onlyPartner?: string;
  /**
   * Aborted to cancel the ingest: up to its commit it then throws CancelledError and nothing of the file
   * is kept (no extract row, no rows, no quarantine); once committed, the ingest finishes regardless.
   */
  signal?: AbortSignal;
};

/** A loaded extract's log row, as an unchanged file reports it. */
const LOADED_EXTRACT_COLUMNS = `extract_id, partner, dataset, rows_read, rows_loaded, rows_quarantined, rows_outside_area, outside_area_districts,
  fields_dropped, quarantine_reasons, agreement_id, agreement_version, superseded_by`;
const loadedExtractRow = z.object({
  extract_id: z.string(),
  superseded_by: z.string().nullable(),
  partner: z.string(),
  dataset: z.string(),
  agreement_id: z.string(),
  agreement_version: z.string(),
  rows_read: z.number(),
  rows_loaded: z.number(),
  rows_quarantined: z.number(),
  rows_outside_area: z.number(),
  outside_area_districts: jsonText(z.array(outsideDistrictSchema)),
  fields_dropped: jsonText(z.array(z.string())),
  quarantine_reasons: jsonText(z.record(z.string(), z.number())),
});

/** Field handling an agreement imposes on one dataset. */
export type FieldPolicy = { kept: Set<string>; pseudonymised: Set<string>; dropped: string[] };

/**
 * Why the load cannot apply an agreement's policy to a dataset's fields, or null: text is
 * kept as text, and a pseudonym is of a text value (a key's typed value would need its own rule).
 */
function policyProblem(module: DatasetModule, kept: ReadonlySet<string>, pseudonymised: ReadonlySet<string>): string | null {
  const roles = fieldRoles(module);
  for (const field of module.fields) {
    const role = roles.get(field.name);
    if (role !== 'key' && kept.has(field.name) && field.storage !== 'VARCHAR') return `the text field ${field.name} is stored as ${field.storage ?? 'nothing'}, not VARCHAR`;
    if (pseudonymised.has(field.name) && (role === 'key' || field.storage !== 'VARCHAR')) return `the field ${field.name} cannot be pseudonymised: only free text stored as VARCHAR can`;
  }
  return null;
}

/** The kept, pseudonymised and dropped fields an agreement imposes on a dataset whose header matched; an AgreementError when it cannot be applied. */
export function fieldPolicy(module: DatasetModule, agreement: Agreement, match: HeaderMatch<DatasetModule>): FieldPolicy {
  const kept = new Set(agreement.fields.kept.map((f) => f.name));
  const pseudonymised = new Set(agreement.fields.pseudonymised.map((f) => f.name));
  const problem = policyProblem(module, kept, pseudonymised);
  if (problem) throw new AgreementError(`agreement ${agreement.id} ${agreement.version} cannot be applied to ${module.id}: ${problem}`, { field: 'dataset' });
  // Fields with no storage (e.g. Month) only derive the period or place; they are used, not dropped.
  const dropped = [
    ...module.fields
      .filter((f) => match.columnOf.has(f.name) && !kept.has(f.name) && !pseudonymised.has(f.name))
      .filter((f) => f.storage !== undefined || !f.required)
      .map((f) => f.name),
    ...match.unknownColumns.map((header) => header.trim()),
  ];
  return { kept, pseudonymised, dropped };
}

/** The answer for bytes already loaded as a current extract. */
function unchangedResult(base: IngestResult, same: z.infer<typeof loadedExtractRow>): IngestResult {
  return {
    ...base,
    extractId: same.extract_id,
    partner: same.partner,
    dataset: same.dataset,
    agreement: { id: same.agreement_id, version: same.agreement_version },
    status: 'unchanged',
    reason: `the same bytes were loaded before as ${same.extract_id}`,
    rowsRead: same.rows_read,
    rowsLoaded: same.rows_loaded,
    rowsQuarantined: same.rows_quarantined,
    rowsOutsideArea: same.rows_outside_area,
    outsideAreaByDistrict: same.outside_area_districts,
    fieldsDropped: same.fields_dropped,
    quarantineReasons: same.quarantine_reasons,
  };
}

/** Refuses (and logs, unless a dry run) the bytes of a superseded extract sent without confirmation. */
async function refuseResent(context: IngestContext, resent: IngestResult, options: IngestOptions, reason: string): Promise<IngestResult> {
  const refused: IngestResult = { ...resent, status: 'refused', reason };
  throwIfCancelled(options.signal);
  if (!options.dryRun) {
    await context.db.transaction(async (tx) => {
      refused.extractId = await nextExtractId(tx);
      await recordExtract(tx, refused, context.loadedBy, null);
    });
  }
  return refused;
}

/**
 * Thrown inside the load's transaction when the same bytes were loaded meanwhile (two uploads at
 * once): the transaction rolls back and the file is answered as unchanged.
 */
class LoadedMeanwhile extends Error {
  constructor(readonly same: z.infer<typeof loadedExtractRow>) {
    super(`loaded meanwhile as ${same.extract_id}`);
  }
}

/** A completed load's result; in a dry run (whose transaction rolls back) marked validated, with no extract id and nothing superseded. */
function resultOfRun(result: IngestResult, options: IngestOptions): IngestResult {
  return options.dryRun ? { ...result, status: 'validated', extractId: null, supersededExtracts: [] } : result;
}

/** Reads, validates, places and loads one extract under its agreement, atomically. */
export async function ingestExtract(context: IngestContext, file: string, options: IngestOptions = {}): Promise<IngestResult> {
  try {
    return await ingestOneExtract(context, file, options);
  } catch (error) {
    // Say which extract could not be stored; the database's path stays in the message.
    if (error instanceof StorageFullError) throw new StorageFullError(error.message, { file: options.displayName ?? basename(file) }, { cause: error });
    throw error;
  }
}

async function ingestOneExtract(context: IngestContext, file: string, options: IngestOptions): Promise<IngestResult> {
  const displayName = options.displayName ?? basename(file);
  const today = options.today ?? context.clock.today();
  throwIfCancelled(options.signal);
  const { sha256, validUtf8 } = await fingerprintFile(file);
  const base: IngestResult = {
    file: displayName,
    extractId: null,
    sha256,
    partner: null,
    dataset: null,
    agreement: null,
    status: 'refused',
    reason: null,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsQuarantined: 0,
    rowsOutsideArea: 0,
    outsideAreaByDistrict: [],
    quarantineReasons: {},
    fieldsDropped: [],
    periodStart: null,
    periodEnd: null,
    generated: displayName.startsWith('generated-'),
    quality: null,
    supersededExtracts: [],
    replaces: [],
  };

  const previous = await context.db.all(
    `SELECT ${LOADED_EXTRACT_COLUMNS} FROM extract_log
     WHERE sha256 = $sha256 AND status = 'loaded' AND (superseded_by IS NULL OR purged_at IS NULL)
     ORDER BY superseded_by IS NOT NULL, extract_id LIMIT 1`,
    { sha256 },
    loadedExtractRow,
  );
  const same = previous[0];
  if (same && options.onlyPartner !== undefined && same.partner !== options.onlyPartner) {
    // Said without naming the extract or its partner: a partner learns nothing of another's data.
    return refuseResent(context, base, options, `${options.onlyPartner} may upload only its own datasets, and these bytes are not one of them`);
  }
  if (same && same.superseded_by === null) return unchangedResult(base, same);
  if (same) {
    // The bytes of an extract that was replaced: sent again, they bring it back, once confirmed.
    const resent = { ...base, partner: same.partner, dataset: same.dataset };
    const what = `these bytes were loaded as ${same.extract_id}, which ${same.superseded_by} replaced`;
    if (!options.replace) {
      return refuseResent(context, resent, options, `${what}; to make ${same.extract_id} current again, send the file again with --replace (observatory ingest) or replace=true (upload), or run observatory extract reinstate ${same.extract_id}`);
    }
    if (options.dryRun) return { ...unchangedResult(base, same), status: 'validated', extractId: null, reason: `${what}; loading it would reinstate ${same.extract_id}` };
    throwIfCancelled(options.signal);
    const reinstated = await context.db.transaction((tx) => reinstateInTransaction(tx, same.extract_id, context.loadedBy));
    const months = reinstated.months;
    return {
      ...unchangedResult(base, same),
      status: 'loaded',
      reason: `${what}; reinstated ${same.extract_id}`,
      periodStart: months[0] ?? null,
      periodEnd: months[months.length - 1] ?? null,
      supersededExtracts: reinstated.superseded,
    };
  }

  // A refusal rolls back whatever was written and is itself logged, with the dataset when it was recognised. The readers
  // name the path on disk (a temporary file for uploads); the log and the user know the file by its display name.
  const refuse = async (error: ExtractRefusedError | AgreementError, module: DatasetModule | null): Promise<IngestResult> => {
    const named = error instanceof ExtractRefusedError ? new ExtractRefusedError(error.message, { ...error.location, file: displayName }) : error;
    const refused: IngestResult = {
      ...base,
      status: 'refused',
      reason: named.describe(),
      partner: module?.partner ?? null,
      dataset: module?.id ?? null,
      replaces: error instanceof ReplacementNotConfirmedError ? error.replaces : [],
    };
    throwIfCancelled(options.signal);
    if (!options.dryRun) {
      await context.db.transaction(async (tx) => {
        refused.extractId = await nextExtractId(tx);
        await recordExtract(tx, refused, context.loadedBy, null);
      });
    }
    return refused;
  };

  // Everything that can refuse the whole file is checked before anything is written.
  let recognised: RecognisedExtract;
  try {
    recognised = await recogniseExtract(file, validUtf8, displayName, options);
  } catch (error) {
    if (!(error instanceof ExtractRefusedError) && !(error instanceof AgreementError)) throw error;
    return refuse(error, null);
  }
  const module = recognised.match.module;
  let plan: LoadPlan;
  try {
    plan = planLoad(recognised, displayName, today, context.agreements);
  } catch (error) {
    if (!(error instanceof AgreementError)) throw error;
    return refuse(error, module);
  }
  if (options.onlyPartner !== undefined && module.partner !== options.onlyPartner) {
    return refuse(new ExtractRefusedError(`the file is ${module.id} (partner ${module.partner}); ${options.onlyPartner} may upload only its own datasets`, { file: displayName }), module);
  }

  try {
    const native = options.reader === 'streaming' ? { ok: false as const, why: 'the streaming reader was asked for' } : await nativeReadiness(file, plan);
    const input: LoadInput = {
      file,
      fileBytes: (await stat(file)).size,
      module: plan.module,
      columnOf: plan.match.columnOf,
      headerFields: plan.headerLength,
      encoding: plan.encoding,
      delimiter: plan.delimiter,
      native,
      kept: plan.policy.kept,
      pseudonymised: plan.policy.pseudonymised,
      placer: context.placer,
      pseudonymiser: context.pseudonymiser,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onReader ? { onReader: options.onReader } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(context.testPause ? { pause: context.testPause } : {}),
    };
    return await withBulkMemoryLimit(context.db, () =>
      context.db.exclusive((session) =>
        loadExtract(
          session,
          input,
          async (tx, extractId, tally) => resultOfRun(await completeLoad(context, tx, plan, base, extractId, tally, options.replace ?? false), options),
          { rollback: options.dryRun ?? false },
        ),
      ),
    );
  } catch (error) {
    if (error instanceof LoadedMeanwhile) return unchangedResult(base, error.same);
    // The file turned out unreadable part-way (the CSV parser gave up): nothing of it was committed.
    if (error instanceof ExtractRefusedError) return refuse(error, module);
    throw error;
  }
}

/**
 * Columns beyond which DuckDB's reader is not tried: its buffers grow with the column count (a
 * 5,000-column file ran out of the load's memory limit), and no partner layout comes near.
 */
const NATIVE_MAX_COLUMNS = 256;

/** Whether DuckDB's reader may try this file, and the file's line break if so. */
async function nativeReadiness(file: string, plan: LoadPlan): Promise<LoadInput['native']> {
  if (plan.headerLength > NATIVE_MAX_COLUMNS) return { ok: false, why: `it has ${plan.headerLength} columns (DuckDB's reader is tried up to ${NATIVE_MAX_COLUMNS})` };
  if (plan.delimiter !== ',') return { ok: false, why: `its delimiter is "${plan.delimiter}", not a comma` };
  return detectNativeDialect(file, plan.encoding);
}

/** A file that is CSV text with rows, whose header fits one dataset. */
type RecognisedExtract = { match: HeaderMatch<DatasetModule>; encoding: EncodingReport; delimiter: CsvDelimiter; headerLength: number };

type LoadPlan = {
  module: DatasetModule;
  agreement: Agreement;
  match: HeaderMatch<DatasetModule>;
  policy: FieldPolicy;
  encoding: EncodingReport;
  delimiter: CsvDelimiter;
  headerLength: number;
};

/** Checks the file is CSV text with rows and recognises its dataset from the header; refuses it otherwise. */
async function recogniseExtract(file: string, validUtf8: boolean, displayName: string, options: IngestOptions): Promise<RecognisedExtract> {
  await refuseIfNotCsvText(file, displayName);
  const encoding = await detectEncoding(file, validUtf8);
  const header = await readHeader(file, encoding);
  let match: HeaderMatch<DatasetModule>;
  if (options.dataset) {
    const forced = datasetById(options.dataset);
    if (!forced) {
      throw new InputError(`unknown dataset "${options.dataset}"; known: ${DATASETS.map((d) => d.id).join(', ')}`, { field: 'dataset' });
    }
    match = matchHeader(forced, header.cells);
    if (match.missingRequired.length > 0) {
      throw new ExtractRefusedError(`header does not fit ${forced.id}: missing ${match.missingRequired.map((h) => `"${h}"`).join(', ')}`, {
        file: displayName,
        line: 1,
      });
    }
  } else {
    const recognition = recognise(DATASETS, header.cells);
    if (!recognition.ok) throw new ExtractRefusedError(recognition.explanation, { file: displayName, line: 1 });
    match = recognition.match;
  }
  if (!header.hasRows) throw new ExtractRefusedError('the file has a header but no rows: there is nothing to load', { file: displayName, line: 2 });
  const twice = match.duplicated[0];
  if (twice) {
    throw new ExtractRefusedError(
      `the header names "${twice.header}" more than once (columns ${twice.columns.join(' and ')}), so which holds its value is ambiguous; remove all but one`,
      { file: displayName, line: 1, column: twice.columns[1] ?? 1, field: twice.header },
    );
  }
  return { match, encoding, delimiter: header.delimiter, headerLength: header.cells.length };
}

/** The agreement in force for a recognised file and the field policy it imposes; an AgreementError when none applies. */
function planLoad(recognised: RecognisedExtract, displayName: string, today: string, agreements: readonly Agreement[]): LoadPlan {
  const { match } = recognised;
  const module = match.module;
  let agreement: Agreement;
  try {
    agreement = agreementInForce(agreements, module.id, today);
  } catch (error) {
    if (error instanceof AgreementError) throw new AgreementError(error.message, { file: displayName, field: 'dataset' });
    throw error;
  }
  return {
    module,
    agreement,
    match,
    policy: fieldPolicy(module, agreement, match),
    encoding: recognised.encoding,
    delimiter: recognised.delimiter,
    headerLength: recognised.headerLength,
  };
}

/** Checks the bytes are not loaded meanwhile, supersedes older rows (if confirmed), builds the result from what was counted, checks conservation and logs the extract. */
async function completeLoad(
  context: IngestContext,
  tx: WriteTransaction,
  plan: LoadPlan,
  base: IngestResult,
  extractId: string,
  counters: LoadTally,
  replace: boolean,
): Promise<IngestResult> {
  const { module, agreement, policy, encoding } = plan;
  // Checked again here, under the write lock: the same bytes may have been loaded since the check before reading.
  const [meanwhile] = await tx.all(
    `SELECT ${LOADED_EXTRACT_COLUMNS} FROM extract_log WHERE sha256 = $sha256 AND status = 'loaded' AND superseded_by IS NULL LIMIT 1`,
    { sha256: base.sha256 },
    loadedExtractRow,
  );
  if (meanwhile) throw new LoadedMeanwhile(meanwhile);
  const sortedPeriods = [...counters.periods].sort();
  const superseded = await supersedeOlderRows(tx, module, extractId, sortedPeriods.map((p) => p.slice(0, 7)), replace);
  const result: IngestResult = {
    ...base,
    extractId,
    partner: module.partner,
    dataset: module.id,
    agreement: { id: agreement.id, version: agreement.version },
    status: 'loaded',
    rowsRead: counters.rowsRead,
    rowsLoaded: counters.rowsLoaded,
    rowsQuarantined: counters.rowsQuarantined,
    rowsOutsideArea: counters.rowsOutsideArea,
    outsideAreaByDistrict: outsideDistricts(counters.outsideByDistrict),
    quarantineReasons: Object.fromEntries([...counters.reasons].sort((a, b) => b[1] - a[1])),
    fieldsDropped: policy.dropped,
    periodStart: sortedPeriods[0] ?? null,
    periodEnd: sortedPeriods[sortedPeriods.length - 1] ?? null,
    quality: {
      encoding: encoding.encoding,
      byteOrderMark: encoding.byteOrderMark,
      placedBy: Object.fromEntries(counters.placedBy),
      codeDisagreements: counters.codeDisagreements,
      senderSuppressedRows: counters.senderSuppressed,
      ambiguousLsoa11Rows: counters.ambiguous,
    },
    supersededExtracts: superseded,
  };
  if (result.rowsRead !== result.rowsLoaded + result.rowsQuarantined + result.rowsOutsideArea) {
    throw new Error(
      `conservation broken for ${base.file}: read ${result.rowsRead}, loaded ${result.rowsLoaded}, quarantined ${result.rowsQuarantined}, outside the area ${result.rowsOutsideArea}`,
    );
  }
  await recordExtract(tx, result, context.loadedBy, null);
  return result;
}
