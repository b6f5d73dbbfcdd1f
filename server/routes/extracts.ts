import { rm } from 'node:fs/promises';
import { Hono } from 'hono';
import { z } from 'zod';
import { partnerOfRole } from '../../pipeline/access/role.ts';
import { NotFoundError, UnauthenticatedError } from '../../pipeline/errors.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { listExtracts, quarantinedRows } from '../../pipeline/ingest/extract-log.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { agreementOfExtract } from '../access/data-access.ts';
import { maskPseudonyms } from '../access/pseudonym-mask.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';
import { checkLocalFiles } from '../uploads/local-files.ts';
import { receiveUpload } from '../uploads/receive-upload.ts';

/** The CLI's hand-off: files and the directories named on its command line; "loaded by" is never taken from the caller. */
const localIngestBody = z.object({
  files: z.array(z.string().min(1).max(4096)).min(1).max(1000),
  roots: z.array(z.string().min(1).max(4096)).min(1).max(1000),
  dataset: z.string().nullable(),
  dryRun: z.boolean(),
  /** Confirms replacing extracts already loaded for the files' periods (ingest --replace). */
  replace: z.boolean().optional(),
});

const uploadFields = z.object({
  dataset: z.string().regex(/^[a-z0-9-]+\.[a-z0-9_]+$/, 'must be partner.dataset').or(z.literal('')).optional(),
  dryRun: z.enum(['true', 'false']).optional(),
  /** "true" confirms that the file may replace the extracts already loaded for its periods. */
  replace: z.enum(['true', 'false']).optional(),
});

const partnerQuery = z.object({ partner: z.string().regex(/^[a-z0-9-]+$/).optional() });

function parseJsonField(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Ingests files one by one, then rebuilds the indicators they touch. */
async function ingestAll(state: ObservatoryState, files: { path: string; name?: string }[], options: { dataset: string | null; dryRun: boolean; replace: boolean; loadedBy: string }): Promise<IngestResult[]> {
  const context = { ...state.ingest, loadedBy: options.loadedBy };
  const results: IngestResult[] = [];
  for (const file of files) {
    results.push(
      await ingestExtract(context, file.path, {
        ...(options.dataset ? { dataset: options.dataset } : {}),
        dryRun: options.dryRun,
        replace: options.replace,
        ...(file.name ? { displayName: file.name } : {}),
      }),
    );
  }
  if (!options.dryRun) await rebuildAfterIngest(state.db, state.definitions, state.agreements, results);
  return results;
}

/** The extract log, quarantine, uploads, and the CLI's hand-off while the server owns the database. */
export function extractRoutes(state: ObservatoryState) {
  return new Hono()
    .get('/', async (c) => {
      const asked = parseInput(partnerQuery, c.req.query()).partner;
      const principal = c.get('principal');
      // A partner sees only its own extracts (the authorization middleware refused a query for another's).
      const partner = (principal ? partnerOfRole(principal.role) : null) ?? asked;
      const rows = await listExtracts(state.db, partner);
      c.set('auditDatasets', [...new Set(rows.flatMap((r) => (r.dataset ? [String(r.dataset)] : [])))]);
      return c.json(
        {
          extracts: rows.map((r) => ({
            ...r,
            fieldsDropped: parseJsonField(r.fieldsDropped),
            quarantineReasons: parseJsonField(r.quarantineReasons),
            outsideAreaByDistrict: parseJsonField(r.outsideAreaByDistrict),
            quality: parseJsonField(r.quality),
          })),
        },
        200,
      );
    })
    .get('/:id/quarantine', async (c) => {
      const id = c.req.param('id');
      const known = await state.db.all(`SELECT dataset, agreement_id, agreement_version FROM extract_log WHERE extract_id = $id`, { id });
      const extract = known[0];
      if (!extract) throw new NotFoundError(`no extract "${id}"`, { field: 'id' });
      const agreement = agreementOfExtract(state, {
        agreementId: extract.agreement_id === null ? null : String(extract.agreement_id),
        agreementVersion: extract.agreement_version === null ? null : String(extract.agreement_version),
        dataset: extract.dataset === null ? null : String(extract.dataset),
      });
      const rows = await quarantinedRows(state.db, id);
      return c.json({ extractId: id, rows: rows.map((r) => ({ ...r, keptValues: maskPseudonyms(parseJsonField(r.keptValues), agreement) })) }, 200);
    })
    .post('/', async (c) => {
      // An upload: a multipart form field "file" (or a text/csv body), streamed to the directory beside the database.
      const principal = c.get('principal');
      if (!principal) throw new UnauthenticatedError('sign in to upload');
      const upload = await receiveUpload(c.req.raw, { dir: state.access.uploadDir, limitBytes: state.access.uploadLimitBytes, query: c.req.query() });
      try {
        const fields = parseInput(uploadFields, upload.fields);
        const [result] = await ingestAll(state, [{ path: upload.path, name: upload.name }], {
          dataset: fields.dataset || null,
          dryRun: fields.dryRun === 'true',
          replace: fields.replace === 'true',
          loadedBy: principal.name,
        });
        if (result?.dataset) c.set('auditDatasets', [result.dataset]);
        return c.json({ result }, result?.status === 'refused' ? 422 : 200);
      } finally {
        await rm(upload.path, { force: true });
      }
    })
    .post('/local', async (c) => {
      // Authenticated by the authorization middleware with the secret in the file beside the database.
      const principal = c.get('principal');
      if (principal?.via !== 'local') throw new UnauthenticatedError('the local hand-off needs the local secret');
      const body = parseInput(localIngestBody, await c.req.json());
      const files = await checkLocalFiles(body.files, body.roots);
      const results = await ingestAll(state, files.map((path) => ({ path })), { dataset: body.dataset, dryRun: body.dryRun, replace: body.replace ?? false, loadedBy: principal.name });
      c.set('auditDatasets', results.flatMap((r) => (r.dataset ? [r.dataset] : [])));
      return c.json({ results }, 200);
    });
}
