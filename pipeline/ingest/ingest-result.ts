/**
 * What happened to one extract file, as a schema: the CLI prints it, the API returns it, and the
 * CLI validates it when a running server did the work (the hand-off crosses a process boundary).
 */
import { z } from 'zod';
import { replacedExtractSchema } from './supersession.ts';

export const ingestStatusSchema = z.enum(['loaded', 'unchanged', 'refused', 'validated']);
export type IngestStatus = z.infer<typeof ingestStatusSchema>;

/** How the rows of an extract were read and placed. */
export const qualityReportSchema = z.object({
  encoding: z.string(),
  byteOrderMark: z.boolean(),
  placedBy: z.record(z.string(), z.number()),
  codeDisagreements: z.number(),
  senderSuppressedRows: z.number(),
  ambiguousLsoa11Rows: z.number(),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

/** Rows outside the partnership's area in one district. */
export const outsideDistrictSchema = z.object({ district: z.string().nullable(), rows: z.number() });
export type OutsideDistrict = z.infer<typeof outsideDistrictSchema>;

/** Districts by rows, most first, then by name (unknown last): the same order whichever reader counted them. */
export function outsideDistricts(counts: ReadonlyMap<string | null, number>): OutsideDistrict[] {
  return [...counts]
    .map(([district, rows]) => ({ district, rows }))
    .sort((a, b) => b.rows - a.rows || (a.district === null ? 1 : b.district === null ? -1 : a.district < b.district ? -1 : a.district > b.district ? 1 : 0));
}

export const ingestResultSchema = z.object({
  file: z.string(),
  extractId: z.string().nullable(),
  sha256: z.string(),
  partner: z.string().nullable(),
  dataset: z.string().nullable(),
  agreement: z.object({ id: z.string(), version: z.string() }).nullable(),
  status: ingestStatusSchema,
  reason: z.string().nullable(),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsQuarantined: z.number(),
  /** Rows outside the partnership's area: not faults, so not quarantined, and none of their values kept. */
  rowsOutsideArea: z.number(),
  /** Those rows by the district they lie in where the extract names it (district null: not known), most first. */
  outsideAreaByDistrict: z.array(outsideDistrictSchema),
  quarantineReasons: z.record(z.string(), z.number()),
  fieldsDropped: z.array(z.string()),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  generated: z.boolean(),
  quality: qualityReportSchema.nullable(),
  supersededExtracts: z.array(z.string()),
  /** When the file was refused for periods already loaded: the extracts it would replace if sent again with replace. */
  replaces: z.array(replacedExtractSchema).default([]),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;
