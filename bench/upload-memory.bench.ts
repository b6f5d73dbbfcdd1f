/**
 * The server's memory during a large upload: a generated fire-layout extract (200 MB by default,
 * `--mb N`) is streamed as the body of POST /api/extracts (text/csv, Prefer: respond-async) to the
 * real Hono app, never held whole on either side, and the job is followed on its progress stream to
 * the end. Prints resident memory before, its peak while the bytes arrive and while the ingest reads
 * them, and the rows. `--dry-run` (the default) validates every row without writing or rebuilding;
 * `--load` loads it (and rebuilds the fire indicators, which takes much longer).
 *
 *     node --import tsx bench/upload-memory.bench.ts [--mb 200] [--load]
 */
import { join } from 'node:path';
import { addUser, createToken } from '../pipeline/access/user-store.ts';
import { createApp } from '../server/app.ts';
import { observatoryState } from '../server/observatory-state.ts';
import { fmt, MIB, openScratchObservatory, printTable, RssSampler, scratchDir } from './bench-support.ts';
import { UploadAccepted, UploadResult } from '../server/contract/index.ts';

const args = process.argv.slice(2);
const megabytes = Number(args[args.indexOf('--mb') + 1] ?? 200) || 200;
const load = args.includes('--load');
const PILOT = join(import.meta.dirname, '..', 'datasets', 'chorley-south-ribble');

const HEADER = 'incident_number,call_datetime,incident_group,incident_type,property_category,property_type,deliberate,easting,northing,ward_name,caller_name,address\n';

/** A stream of a fire extract of about `bytes`, made block by block as it is read. */
function generatedExtract(bytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = 0;
  let row = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(encoder.encode(HEADER));
        sent += HEADER.length;
      }
      const lines: string[] = [];
      for (let i = 0; i < 2000; i++, row++) {
        const day = String((row % 28) + 1).padStart(2, '0');
        const month = String((row % 12) + 1).padStart(2, '0');
        lines.push(`F${String(row).padStart(9, '0')},${day}/${month}/2018 19:05,Fire,Secondary fire,Outdoor,Wheelie bin,Yes,${358000 + (row % 900)},${418000 + (row % 700)},Chorley North East,A Caller,"1 Some Street, Chorley, PR7 1AA"\n`);
      }
      const chunk = encoder.encode(lines.join(''));
      controller.enqueue(chunk);
      sent += chunk.length;
      if (sent >= bytes) controller.close();
    },
  });
}

const scratch = scratchDir('upload-memory-');
const observatory = await openScratchObservatory(join(scratch.dir, 'observatory.duckdb'), PILOT);
try {
  await addUser(observatory.db, 'bench-analyst', 'analyst');
  const { token } = await createToken(observatory.db, 'bench-analyst', { today: new Date().toISOString().slice(0, 10) });
  const app = createApp(observatoryState(observatory, { webDir: null }));
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'text/csv', prefer: 'respond-async' };
  global.gc?.();
  const sampler = new RssSampler(50);
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const response = await app.request(`/api/extracts?name=generated-upload-bench.csv&dryRun=${load ? 'false' : 'true'}`, {
    method: 'POST',
    headers,
    body: generatedExtract(megabytes * MIB),
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  const receiptSeconds = (performance.now() - t0) / 1000;
  const receiptPeak = sampler.peakBytes();
  const accepted = UploadAccepted.parse(await response.json());
  sampler.reset();
  const stream = await app.request(accepted.progress, { headers: { authorization: `Bearer ${token}` } });
  const text = await stream.text();
  const ingestSeconds = (performance.now() - t0) / 1000 - receiptSeconds;
  const ingestPeak = sampler.peakBytes();
  sampler.stop();
  const report = /event: (report|problem)\ndata: (.*)/.exec(text);
  const result = report?.[1] === 'report' ? UploadResult.parse(JSON.parse(report[2] ?? '{}')).result : null;
  printTable(
    ['upload', 'bytes', 'rows read', 'status', 'RSS before', 'peak receiving', 'peak ingesting', 'receive s', 'ingest s'],
    [[load ? 'load' : 'dry run', fmt.int(accepted.bytes), fmt.int(result?.rowsRead ?? 0), result?.status ?? `problem: ${report?.[2] ?? text.slice(-300)}`, `${(before / MIB).toFixed(0)} MiB`, `${(receiptPeak / MIB).toFixed(0)} MiB`, `${(ingestPeak / MIB).toFixed(0)} MiB`, receiptSeconds.toFixed(1), ingestSeconds.toFixed(1)]],
  );
} finally {
  await observatory.db.close();
  scratch.dispose();
}
