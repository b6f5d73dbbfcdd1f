/** The extract log, an extract's report, its quarantine and upload progress, as the API answers them. */
import { z } from 'zod';
import { Problem } from './common.ts';

export const ExtractStatus = z.enum(['loaded', 'unchanged', 'refused', 'validated']).meta({ id: 'ExtractStatus' });
export type ExtractStatus = z.infer<typeof ExtractStatus>;

const reasonCounts = z.record(z.string(), z.number().int()).meta({ description: 'Quarantined rows by reason, most first.' });
const outsideByDistrict = z.array(z.object({ district: z.string().nullable(), rows: z.number().int() }));

/** How the rows of an extract were read and placed (absent for a refused extract). */
export const ExtractQuality = z
  .object({
    encoding: z.string().optional(),
    byteOrderMark: z.boolean().optional(),
    placedBy: z.record(z.string(), z.number()).optional(),
    codeDisagreements: z.number().optional().meta({ description: 'Rows whose point lies in another LSOA than the code the partner supplied (the point wins).' }),
    senderSuppressedRows: z.number().optional(),
    ambiguousLsoa11Rows: z.number().optional(),
  })
  .meta({ id: 'ExtractQuality' });

/** One row of the extract log. */
export const ExtractSummary = z
  .object({
    extractId: z.string(),
    partner: z.string().nullable(),
    dataset: z.string().nullable(),
    agreementId: z.string().nullable(),
    agreementVersion: z.string().nullable(),
    file: z.string(),
    sha256: z.string(),
    generated: z.boolean(),
    periodStart: z.string().nullable().meta({ description: 'First month with loaded rows (YYYY-MM).' }),
    periodEnd: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsQuarantined: z.number().int(),
    rowsOutsideArea: z.number().int(),
    outsideAreaByDistrict: outsideByDistrict,
    fieldsDropped: z.array(z.string()),
    quarantineReasons: reasonCounts,
    quality: ExtractQuality,
    loadedBy: z.string(),
    loadedAt: z.string(),
    status: z.string(),
    refusalReason: z.string().nullable(),
    supersededBy: z.string().nullable(),
    purgedAt: z.string().nullable(),
    rowsPurged: z.number().int().nullable(),
  })
  .meta({ id: 'ExtractSummary' });
export type ExtractSummary = z.infer<typeof ExtractSummary>;

export const ExtractList = z.object({ extracts: z.array(ExtractSummary) }).meta({ id: 'ExtractList' });
export type ExtractList = z.infer<typeof ExtractList>;

/** An indicator built on the extract's dataset and the periods of it the extract's months fall in. */
export const ChangedIndicator = z.object({ id: z.string(), title: z.string(), grain: z.string(), periods: z.array(z.string()) }).meta({ id: 'ChangedIndicator' });
export type ChangedIndicator = z.infer<typeof ChangedIndicator>;

/** An extract's ingest report. */
export const ExtractReport = ExtractSummary.extend({
  datasetTitle: z.string().nullable(),
  partnerName: z.string().nullable(),
  agreement: z.object({ id: z.string(), version: z.string(), validFrom: z.string(), validTo: z.string() }).nullable(),
  fields: z
    .object({ kept: z.array(z.string()), pseudonymised: z.array(z.string()), dropped: z.array(z.string()) })
    .meta({ description: 'Kept and pseudonymised: as the agreement says; dropped: the columns of this file that were not stored.' }),
  replaced: z.array(z.string()).meta({ description: 'Extracts this one replaced whole.' }),
  rawValuesVisible: z.boolean().meta({ description: 'Whether the caller may see the kept raw values of quarantined rows (the agreement’s access.rawRows).' }),
  indicators: z.array(ChangedIndicator).meta({ description: 'Indicators built on this dataset, with the periods this extract’s months fall in.' }),
}).meta({ id: 'ExtractReport' });
export type ExtractReport = z.infer<typeof ExtractReport>;

export const QuarantineQuery = z.object({
  reason: z.string().max(500).optional().meta({ description: 'Only rows with this reason (exactly as listed in reasons).' }),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json').meta({ description: 'csv: every matching row (offset and limit ignored), as a download.' }),
});

export const QuarantineRow = z
  .object({
    line: z.number().int().meta({ description: 'The line an editor shows (header = 1).' }),
    field: z.string().nullable(),
    reason: z.string(),
    keptValues: z.record(z.string(), z.string()).nullable().meta({ description: 'Values the agreement keeps (pseudonymised ones masked); null when the caller may not see raw rows.' }),
  })
  .meta({ id: 'QuarantineRow' });
export type QuarantineRow = z.infer<typeof QuarantineRow>;

export const QuarantinePage = z
  .object({
    extractId: z.string(),
    total: z.number().int().meta({ description: 'Rows matching the filter.' }),
    offset: z.number().int(),
    limit: z.number().int(),
    reason: z.string().nullable(),
    reasons: z.array(z.object({ reason: z.string(), rows: z.number().int() })),
    rawValuesVisible: z.boolean(),
    rawValuesWithheld: z.string().nullable().meta({ description: 'Why the raw values are not shown, when they are not.' }),
    rows: z.array(QuarantineRow),
  })
  .meta({ id: 'QuarantinePage' });
export type QuarantinePage = z.infer<typeof QuarantinePage>;

/** What one ingest did, as an upload reports it. */
/** An extract a refused file would replace, were it sent again confirming the replacement. */
export const ReplacedExtract = z
  .object({ extractId: z.string(), file: z.string(), months: z.array(z.string()), rowsLoaded: z.number().int(), loadedAt: z.string(), loadedBy: z.string() })
  .meta({ id: 'ReplacedExtract' });
export type ReplacedExtract = z.infer<typeof ReplacedExtract>;

export const IngestReport = z
  .object({
    file: z.string(),
    extractId: z.string().nullable(),
    sha256: z.string(),
    partner: z.string().nullable(),
    dataset: z.string().nullable(),
    agreement: z.object({ id: z.string(), version: z.string() }).nullable(),
    status: ExtractStatus,
    reason: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsQuarantined: z.number().int(),
    rowsOutsideArea: z.number().int(),
    outsideAreaByDistrict: outsideByDistrict,
    quarantineReasons: reasonCounts,
    fieldsDropped: z.array(z.string()),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    generated: z.boolean(),
    quality: ExtractQuality.nullable(),
    supersededExtracts: z.array(z.string()),
    replaces: z.array(ReplacedExtract).meta({ description: 'For a file refused because its months are already loaded: the extracts it would replace if sent again with replace=true.' }),
  })
  .meta({ id: 'IngestReport' });
export type IngestReport = z.infer<typeof IngestReport>;

export const UploadResult = z.object({ result: IngestReport }).meta({ id: 'UploadResult' });

/** A 202 to an upload sent with `Prefer: respond-async`. */
export const UploadAccepted = z
  .object({ jobId: z.string(), progress: z.string().meta({ description: 'The job’s progress stream (Server-Sent Events).' }), file: z.string(), bytes: z.number().int() })
  .meta({ id: 'UploadAccepted' });
export type UploadAccepted = z.infer<typeof UploadAccepted>;

export const UPLOAD_PHASES = ['queued', 'reading', 'rebuilding', 'done', 'failed', 'cancelled'] as const;

/**
 * The `progress` events of an upload job's stream: the phase, rows read so far and bytes of the file
 * read. The stream ends with one `report` event (an UploadResult) or one `problem` event (a Problem).
 */
export const UploadProgress = z
  .object({ phase: z.enum(UPLOAD_PHASES), rows: z.number().int(), bytesRead: z.number().int(), totalBytes: z.number().int() })
  .meta({ id: 'UploadProgress' });
export type UploadProgress = z.infer<typeof UploadProgress>;

export const UploadProblem = Problem;

/**
 * An upload job as GET /api/extracts/jobs/{id}/status answers it, from the server's memory while it runs
 * and from the database afterwards (a restart does not forget it). `interrupted`: the server
 * stopped before the job ended, so nothing from it was loaded; `cancelled`: its uploader or an admin
 * cancelled it before it loaded, so nothing from it was loaded either.
 */
export const UploadJobStatus = z
  .object({
    jobId: z.string(),
    file: z.string(),
    partner: z.string().nullable(),
    dataset: z.string().nullable(),
    state: z.enum(['running', 'done', 'failed', 'interrupted', 'cancelled']),
    message: z.string().meta({ description: 'The state in words, for a person.' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: UploadProgress.nullable().meta({ description: 'While this server process runs the job; null once it is only in the database.' }),
    result: IngestReport.nullable(),
    problem: Problem.nullable(),
    cancelledBy: z.string().nullable().meta({ description: 'Who cancelled the job (state `cancelled`: nothing from it was loaded), else null.' }),
  })
  .meta({ id: 'UploadJobStatus' });
export type UploadJobStatus = z.infer<typeof UploadJobStatus>;

export const UploadJobParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'is not an upload job id').meta({ param: { name: 'id', in: 'path' } }) });
export const ExtractParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'is not an extract id').meta({ param: { name: 'id', in: 'path' }, example: 'EX-000001' }) });
