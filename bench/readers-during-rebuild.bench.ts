/**
 * The full load of issue 11: `--readers` concurrent readers of published figures against the real
 * server (`observatory start` on a scratch database, loopback), first for `--seconds` while it is quiet,
 * then through an upload's ingest and rebuild of a police month:
 *
 *   npm run bench:readers -- [--readers 64] [--seconds 10]
 *
 * Prints, per phase, answers per second, p50/p99 latency, failures, and the builds the answers named.
 * The consistency of each answer with its build is asserted by test/hardening/readers-during-rebuild.test.ts;
 * this only measures. The machine's cores are shared with other work: compare figures from one run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { movedPoliceExtract, percentile, readFiguresUntil, type ReaderAnswer } from '../test/support/figure-readers.ts';
import { demoUser, startObservatory } from '../test/support/observatory-process.ts';
import { PILOT_EXTRACTS } from '../test/support/temp-observatory.ts';
import { printTable } from './bench-support.ts';

const { values: args } = parseArgs({ options: { readers: { type: 'string', default: '64' }, seconds: { type: 'string', default: '10' } } });
const readers = Number(args.readers);
const URLS = [
  '/api/areas/E07000118/profile',
  '/api/multi-agency',
  '/api/indicators/all-crime/series?area=E07000118',
  '/api/indicators/all-crime/values?level=ward&period=2019-01',
  '/api/indicators/all-crime/lineage?area=E07000118&period=2019-01',
  '/api/indicators',
];

function summary(phase: string, answers: readonly ReaderAnswer[], seconds: number): string[] {
  const ms = answers.map((a) => a.milliseconds);
  const builds = [...new Set(answers.map((a) => a.build ?? 'none'))].join(', ');
  const failures = answers.filter((a) => a.error !== null || a.status !== 200).length;
  return [phase, String(answers.length), (answers.length / seconds).toFixed(0), percentile(ms, 50).toFixed(0), percentile(ms, 99).toFixed(0), String(failures), builds];
}

console.log('starting the observatory (ingest of the pilot and a full build)…');
const observatory = await startObservatory({ readyTimeoutMs: 600_000 });
try {
  const headers = { authorization: `Bearer ${demoUser(observatory, 'analyst').token}` };
  const admin = { authorization: `Bearer ${demoUser(observatory, 'admin').token}` };
  const rows: string[][] = [];
  for (const bypassCache of [false, true]) {
    const t0 = performance.now();
    const quiet = await readFiguresUntil({ baseUrl: observatory.baseUrl, urls: URLS, headers, readers, bypassCache }, new Promise((resolve) => setTimeout(resolve, Number(args.seconds) * 1000)));
    rows.push(summary(bypassCache ? 'quiet, half uncached' : 'quiet, cached', quiet, (performance.now() - t0) / 1000));
  }
  const text = await readFile(join(PILOT_EXTRACTS, 'police', '2019-01-lancashire-street.csv'), 'utf8');
  const form = new FormData();
  form.set('file', new Blob([movedPoliceExtract(text, '2019-01', '2019-04')], { type: 'text/csv' }), '2019-04-lancashire-street.csv');
  const t0 = performance.now();
  const upload = fetch(new URL('/api/extracts', observatory.baseUrl), { method: 'POST', headers: admin, body: form }).then(async (r) => ({ status: r.status, body: await r.text() }));
  const during = await readFiguresUntil({ baseUrl: observatory.baseUrl, urls: URLS, headers, readers, bypassCache: true }, upload);
  const seconds = (performance.now() - t0) / 1000;
  const uploaded = await upload;
  rows.push(summary(`upload, ingest and rebuild (${uploaded.status}, ${seconds.toFixed(1)} s)`, during, seconds));
  printTable(['phase', 'answers', 'per s', 'p50 ms', 'p99 ms', 'failures', 'builds named'], rows);
} finally {
  await observatory.stop();
}
