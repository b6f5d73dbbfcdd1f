import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { z } from 'zod';
import { InputError, NotFoundError } from '../../pipeline/errors.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { listExtracts, quarantinedRows } from '../../pipeline/ingest/extract-log.ts';
import { ingestExtract, type IngestResult } from '../../pipeline/ingest/ingest-extract.ts';
import { parseInput } from '../query-input.ts';
import type { ObservatoryState } from '../observatory-state.ts';

const localIngestBody = z.object({
  files: z.array(z.string().min(1)).min(1),
  dataset: z.string().nullable(),
  dryRun: z.boolean(),
  loadedBy: z.string().min(1),
});

const partnerQuery = z.object({ partner: z.string().regex(/^[a-z0-9-]+$/).optional() });

function parseJsonField(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Ingests files one by one, then rebuilds the indicators they touch. */
async function ingestAll(state: ObservatoryState, files: { path: string; name?: string }[], options: { dataset: string | null; dryRun: boolean; loadedBy: string }): Promise<IngestResult[]> {
  const context = { ...state.ingest, loadedBy: options.loadedBy };
  const results: IngestResult[] = [];
  for (const file of files) {
    results.push(
      await ingestExtract(context, file.path, {
        ...(options.dataset ? { dataset: options.dataset } : {}),
        dryRun: options.dryRun,
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
      const { partner } = parseInput(partnerQuery, c.req.query());
      const rows = await listExtracts(state.db, partner);
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
      const known = await state.db.all(`SELECT extract_id FROM extract_log WHERE extract_id = $id`, { id });
      if (known.length === 0) throw new NotFoundError(`no extract "${id}"`, { field: 'id' });
      const rows = await quarantinedRows(state.db, id);
      return c.json({ extractId: id, rows: rows.map((r) => ({ ...r, keptValues: parseJsonField(r.keptValues) })) }, 200);
    })
    .post('/', async (c) => {
      // An analyst's upload: one CSV file in a multipart form field "file".
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new InputError('send the extract as a multipart form field named "file"', { field: 'file' });
      const dataset = typeof form.dataset === 'string' && form.dataset !== '' ? form.dataset : null;
      const dryRun = form.dryRun === 'true';
      const dir = await mkdtemp(join(tmpdir(), 'observatory-upload-'));
      try {
        const path = join(dir, 'upload.csv');
        await writeFile(path, Buffer.from(await file.arrayBuffer()));
        const [result] = await ingestAll(state, [{ path, name: basename(file.name) }], { dataset, dryRun, loadedBy: 'web upload (anonymous until sign-in)' });
        return c.json({ result }, result?.status === 'refused' ? 422 : 200);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })
    .post('/local', async (c) => {
      // Only the CLI on this machine may ask the server to read local paths.
      const address = getConnInfo(c).remote.address ?? '';
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address)) {
        throw new InputError('local ingest is only accepted from this machine', { field: 'files' });
      }
      const body = parseInput(localIngestBody, await c.req.json());
      const results = await ingestAll(state, body.files.map((path) => ({ path })), body);
      return c.json({ results }, 200);
    });
}
