import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ObservatoryConfig } from '../../pipeline/config.ts';
import { DatabaseBusyError, InputError } from '../../pipeline/errors.ts';
import { rebuildAfterIngest } from '../../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract } from '../../pipeline/ingest/ingest-extract.ts';
import { ingestResultSchema, type IngestResult } from '../../pipeline/ingest/ingest-result.ts';
import { openObservatory } from '../../pipeline/observatory.ts';
import { ProgressBar } from '../progress-bar.ts';
import { handOffRequest, runningServer } from '../server-hand-off.ts';
import { formatTable } from '../summary-table.ts';
import type { CommandIo } from '../command-io.ts';

export type IngestCommandOptions = { files: string[]; dataset?: string; dryRun: boolean; replace?: boolean; json: boolean };

/** The shape printed per file by --json (one JSON object per line). */
export function jsonLine(r: IngestResult): string {
  return JSON.stringify({
    file: r.file,
    extractId: r.extractId,
    sha256: r.sha256,
    partner: r.partner,
    dataset: r.dataset,
    agreement: r.agreement,
    status: r.status,
    reason: r.reason,
    rowsRead: r.rowsRead,
    rowsLoaded: r.rowsLoaded,
    rowsQuarantined: r.rowsQuarantined,
    rowsOutsideArea: r.rowsOutsideArea,
    outsideAreaByDistrict: r.outsideAreaByDistrict,
    quarantineReasons: r.quarantineReasons,
    fieldsDropped: r.fieldsDropped,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    quality: r.quality,
    replaces: r.replaces,
  });
}

/** Asks a running server that owns the database to ingest local files (cli/server-hand-off.ts). */
async function handOffToServer(config: ObservatoryConfig, options: IngestCommandOptions, io: CommandIo): Promise<IngestResult[]> {
  const server = runningServer(config);
  io.err(`The database is held by the running server at ${server.url}; handing the ingest to it.`);
  // The server reads only files under the directories of the files named here.
  const roots = [...new Set(options.files.map((file) => dirname(file)))];
  const body = { files: options.files, roots, dataset: options.dataset ?? null, dryRun: options.dryRun, replace: options.replace ?? false };
  const answer = await handOffRequest(server, { method: 'POST', path: 'api/extracts/local', body, what: 'ingest' }, z.object({ results: z.array(ingestResultSchema) }));
  return answer.results;
}

/** observatory ingest <files…>: loads extracts, prints a summary (or JSON lines), exits 1 if any was refused. */
export async function ingestCommand(config: ObservatoryConfig, options: IngestCommandOptions, io: CommandIo): Promise<number> {
  if (options.files.length === 0) throw new InputError('give at least one extract file: observatory ingest <files…>');
  const files = options.files.map((f) => resolve(f));
  for (const file of files) if (!existsSync(file)) throw new InputError(`no such file`, { file });
  let results: IngestResult[];
  try {
    const observatory = await openObservatory(config);
    try {
      results = [];
      for (const file of files) {
        const bar = io.isTty && !options.json ? new ProgressBar(file.split('/').pop() ?? file) : null;
        const result = await ingestExtract(observatory.ingest, file, {
          ...(options.dataset ? { dataset: options.dataset } : {}),
          dryRun: options.dryRun,
          replace: options.replace ?? false,
          onProgress: (p) => bar?.update(p.rows, p.bytesRead, p.totalBytes),
        });
        bar?.done();
        results.push(result);
        if (options.json) io.out(jsonLine(result));
      }
      if (!options.dryRun) {
        for (const summary of await rebuildAfterIngest(observatory.db, observatory.definitions, observatory.agreements, results)) {
          if (!options.json) io.err(`Rebuilt ${summary.indicators.length} indicators (${summary.valuesWritten.toLocaleString('en-GB')} values) in ${summary.milliseconds} ms`);
        }
      }
    } finally {
      await observatory.db.close();
    }
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    results = await handOffToServer({ ...config }, { ...options, files }, io);
    if (options.json) for (const r of results) io.out(jsonLine(r));
  }
  if (!options.json) {
    io.out(
      formatTable(
        ['file', 'dataset', 'status', 'read', 'loaded', 'quarantined', 'outside area', 'extract'],
        results.map((r) => [r.file, r.dataset ?? '?', r.status, r.rowsRead, r.rowsLoaded, r.rowsQuarantined, r.rowsOutsideArea, r.extractId ?? '']),
      ),
    );
    for (const r of results.filter((x) => x.status === 'refused')) io.err(`refused ${r.file}: ${r.reason}`);
  }
  return results.some((r) => r.status === 'refused') ? 1 : 0;
}
