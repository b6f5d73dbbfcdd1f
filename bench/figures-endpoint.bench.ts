/**
 * The figures endpoint against a bare Hono route that returns the same JSON from memory, in one run:
 *
 *   npm run bench:figures -- [--connections 32] [--seconds 10] [--ingest-rows 300000] [--db path] [--token T]
 *
 * Loads the pilot partnership into a scratch database (every extract, then a build; or reuses --db),
 * serves it with the real server (the real app, middleware and all), and serves the same JSON body
 * from a bare Hono route on another port of the same process. autocannon runs in a child process
 * against each in turn (`--connections` connections, `--seconds` each, after a short warm-up), then
 * against the figures endpoint again while the server ingests a `--ingest-rows` police extract and
 * rebuilds, as it does for an upload, and the bare route under the same ingest (the ingest's share of the
 * CPU). Prints requests per second, the ratio to the bare route and
 * p50/p99 latency, signed in: as a bench executive made in the scratch database, or with `--token`. The machine's cores
 * are shared with other work: compare figures from one run, not across runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { loadAreas, partnershipSources } from '../datasets/tools/areas.ts';
import { policeRow, POLICE_HEADER, syntheticProfile } from '../datasets/tools/police.ts';
import { Rng } from '../datasets/tools/rng.ts';
import { LineWriter } from '../datasets/tools/writer.ts';
import { addUser, createToken, findUser } from '../pipeline/access/user-store.ts';
import { systemClock } from '../pipeline/clock.ts';
import { buildIndicators } from '../pipeline/indicators/build-indicators.ts';
import { rebuildAfterIngest } from '../pipeline/indicators/rebuild-after-ingest.ts';
import { ingestExtract } from '../pipeline/ingest/ingest-extract.ts';
import { listPartnershipExtracts } from '../pipeline/ingest/partnership-extracts.ts';
import { startServer } from '../server/serve.ts';
import { fmt, openScratchObservatory, printTable, scratchDir } from './bench-support.ts';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    'ingest-rows': { type: 'string', default: '300000' },
    path: { type: 'string', default: '/api/indicators/all-crime/values?level=lsoa&period=2019-01' },
    db: { type: 'string' },
    token: { type: 'string' },
  },
});

const PILOT = resolve(import.meta.dirname, '..', 'datasets', 'chorley-south-ribble');
const AUTOCANNON = resolve(import.meta.dirname, '..', 'node_modules', 'autocannon', 'autocannon.js');
const run = promisify(execFile);
/** The user the bench signs in as when no --token is given (an executive: figures, nothing more). */
const BENCH_USER = 'bench-executive';

type Load = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number };

/** Runs autocannon in a child process (so it does not share the server's event loop) and reads its JSON summary. */
async function load(url: string, seconds: number, token: string): Promise<Load> {
  const headers = ['-H', `authorization=Bearer ${token}`];
  const { stdout } = await run(process.execPath, [AUTOCANNON, '-c', args.connections!, '-d', String(seconds), '-j', ...headers, url], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number };
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** A police extract of `count` rows over the pilot's LSOAs for a month the pilot has no data for, so it loads (not refused as a duplicate). */
function writePoliceExtract(file: string, count: number): void {
  const lsoas = loadAreas(partnershipSources(PILOT));
  const rng = new Rng(7, 'figures-bench');
  const profile = syntheticProfile(lsoas, Math.ceil(lsoas.length * 21), rng, count);
  const writer = new LineWriter(file);
  writer.writeRow(POLICE_HEADER);
  for (let i = 0; i < count; i++) writer.writeRow(policeRow(profile, '2021-06', 'Lancashire Constabulary', rng, undefined));
  writer.close();
}

async function main(): Promise<void> {
  const scratch = scratchDir('figures-bench-');
  const database = args.db ?? join(scratch.dir, 'observatory.duckdb');
  const fresh = !existsSync(database);
  const observatory = await openScratchObservatory(database, PILOT);
  try {
    if (fresh) {
      console.log('loading the pilot partnership into a scratch database…');
      for (const file of listPartnershipExtracts(observatory.partnership.extractsDir)) await ingestExtract(observatory.ingest, file);
      await buildIndicators(observatory.db, observatory.definitions, observatory.agreements, { full: true });
    }
    // The issue measures the endpoint signed in: every request carries a bearer token, checked as for every user.
    if (args.token === undefined && !(await findUser(observatory.db, BENCH_USER))) await addUser(observatory.db, BENCH_USER, 'executive');
    const token = args.token ?? (await createToken(observatory.db, BENCH_USER, { today: systemClock.today() })).token;
    const server = await startServer(observatory, { host: '127.0.0.1', port: 0, webDir: null });
    const url = new URL(args.path!, server.url).toString();
    const first = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!first.ok) throw new Error(`${url} answered ${first.status}: ${await first.text()}`);
    const body = await first.text();

    const bare = new Hono().get('*', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
    const bareServer = await new Promise<ReturnType<typeof serve>>((done) => {
      const s = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 }, () => done(s));
    });
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}${args.path}`;

    const seconds = Number(args.seconds);
    console.log(`${args.connections} connections, ${seconds} s each; body ${fmt.int(body.length)} bytes`);
    await load(bareUrl, 2, token);
    await load(url, 2, token);
    const bareLoad = await load(bareUrl, seconds, token);
    const idle = await load(url, seconds, token);

    const extract = join(scratch.dir, 'police-bench-2021-06.csv');
    writePoliceExtract(extract, Number(args['ingest-rows']));
    const started = performance.now();
    const ingesting = (async () => {
      const result = await ingestExtract(observatory.ingest, extract);
      await rebuildAfterIngest(observatory.db, observatory.definitions, observatory.agreements, [result]);
      return (performance.now() - started) / 1000;
    })();
    const during = await load(url, seconds, token);
    // The bare route under the same ingest: how much of the slowdown is the ingest's share of the CPU.
    const bareDuring = await load(bareUrl, seconds, token);
    const ingestSeconds = await ingesting;

    const row = (name: string, l: Load) => [
      name,
      fmt.int(l.requestsPerSecond),
      fmt.ratio(l.requestsPerSecond / bareLoad.requestsPerSecond),
      `${l.p50} ms`,
      `${l.p99} ms`,
      String(l.errors + l.non2xx),
    ];
    printTable(['route', 'req/s', 'vs bare', 'p50', 'p99', 'errors'], [
      row('bare Hono route, same JSON from memory', bareLoad),
      row('figures endpoint, idle', idle),
      row(`figures endpoint, during an ingest (${fmt.int(Number(args['ingest-rows']))} rows + rebuild, ${fmt.s(ingestSeconds)} s)`, during),
      row('bare Hono route, during the same ingest', bareDuring),
    ]);
    if (ingestSeconds < 2 * seconds) console.log(`note: the ingest finished after ${fmt.s(ingestSeconds)} s, before both loads during it did; raise --ingest-rows to cover them`);
    const pass = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(`targets: ≥ 0.5× bare throughput ${pass(idle.requestsPerSecond >= bareLoad.requestsPerSecond / 2)}; p99 < 25 ms idle ${pass(idle.p99 < 25)}; p99 < 100 ms during an ingest ${pass(during.p99 < 100)}`);
    await new Promise<void>((done) => bareServer.close(() => done()));
    await server.close();
  } finally {
    await observatory.db.close();
    if (!args.db) scratch.dispose();
  }
}

await main();
