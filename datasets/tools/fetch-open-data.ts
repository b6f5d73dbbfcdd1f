/**
 * Puts the prepared open data of the England-and-Wales benchmark (NATIONAL_OPEN_DATA in open-data.ts)
 * into the open data folder and checks every file's SHA-256 and size.
 *
 *   node --import tsx datasets/tools/fetch-open-data.ts --list                 # the files, their official sources, how each was prepared
 *   node --import tsx datasets/tools/fetch-open-data.ts --from <folder>        # copy from a local copy (or OBSERVATORY_OPEN_DATA_SOURCE)
 *   node --import tsx datasets/tools/fetch-open-data.ts --base-url <url>       # download <url>/<path> (or OBSERVATORY_OPEN_DATA_URL)
 *   [--out <folder>]   default: OBSERVATORY_OPEN_DATA, else .observatory/open-data
 *
 * The prepared files are derivations of the official publications (simplified boundaries, R data sets
 * written as CSV), so the source is a folder or mirror that holds them in this layout; `--list` names
 * the official publisher and the snapshot each was made from. A file whose hash differs is not kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { NATIONAL_OPEN_DATA, openDataDir, type OpenDataFile } from './open-data.ts';

const { values: args } = parseArgs({
  options: {
    list: { type: 'boolean', default: false },
    from: { type: 'string' },
    'base-url': { type: 'string' },
    out: { type: 'string' },
  },
});
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** SHA-256 (hex) and size of a file, streamed. */
async function digest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function matches(path: string, file: OpenDataFile): Promise<boolean> {
  if (!existsSync(path) || statSync(path).size !== file.bytes) return false;
  return (await digest(path)).sha256 === file.sha256;
}

/** Copies or downloads one file to `<target>.part`, checks it, then moves it into place. */
async function obtain(file: OpenDataFile, target: string, source: { dir?: string; baseUrl?: string }): Promise<void> {
  const part = `${target}.part`;
  mkdirSync(dirname(target), { recursive: true });
  if (source.dir !== undefined) {
    const from = join(source.dir, file.path);
    if (!existsSync(from)) throw new Error(`${from} does not exist`);
    await pipeline(createReadStream(from), createWriteStream(part));
  } else if (source.baseUrl !== undefined) {
    const url = `${source.baseUrl.replace(/\/+$/, '')}/${file.path}`;
    const response = await fetch(url);
    if (!response.ok || response.body === null) throw new Error(`GET ${url}: HTTP ${response.status}`);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(part));
  }
  const got = await digest(part);
  if (got.sha256 !== file.sha256 || got.bytes !== file.bytes) {
    rmSync(part, { force: true });
    throw new Error(`${file.path}: expected SHA-256 ${file.sha256} (${file.bytes} bytes), got ${got.sha256} (${got.bytes} bytes); not kept`);
  }
  renameSync(part, target);
}

function list(): void {
  for (const f of NATIONAL_OPEN_DATA) {
    console.log(`${f.path}\n  sha256 ${f.sha256} (${f.bytes} bytes)\n  official source: ${f.officialSource}\n  prepared from: ${f.preparedFrom}`);
  }
}

async function main(): Promise<void> {
  if (args.list) return list();
  const out = openDataDir(args.out);
  const source = { dir: nonEmpty(args.from) ?? nonEmpty(process.env.OBSERVATORY_OPEN_DATA_SOURCE), baseUrl: nonEmpty(args['base-url']) ?? nonEmpty(process.env.OBSERVATORY_OPEN_DATA_URL) };
  const failures: string[] = [];
  for (const file of NATIONAL_OPEN_DATA) {
    const target = join(out, file.path);
    if (await matches(target, file)) {
      console.log(`ok       ${file.path}`);
      continue;
    }
    if (source.dir === undefined && source.baseUrl === undefined) {
      failures.push(`${file.path}: missing or different, and no source given (--from <folder> or --base-url <url>; --list names the official sources)`);
      continue;
    }
    try {
      await obtain(file, target, source);
      console.log(`fetched  ${file.path}`);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`error: ${f}`);
    process.exitCode = 1;
  } else {
    console.log(`open data ready in ${out}`);
  }
}

await main();
