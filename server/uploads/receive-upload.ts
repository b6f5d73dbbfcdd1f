import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Busboy } from '@fastify/busboy';
import { InputError, StorageFullError, TooLargeError } from '../../pipeline/errors.ts';

/** An upload on disk, with the form fields that came with it. */
export type ReceivedUpload = { path: string; name: string; fields: Record<string, string>; bytes: number };

/** Counts bytes through a stream and fails it once they pass the limit. */
class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) callback(new TooLargeError(`the upload is larger than the limit of ${this.limit.toLocaleString('en-GB')} bytes (OBSERVATORY_UPLOAD_LIMIT_BYTES)`, { field: 'file' }));
    else callback(null, chunk);
  }
}

/** The error codes of a write the disk, a file size limit or a quota refused. */
const STORAGE_FULL_CODES = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

/** A write of the upload the disk refused, as the typed error (507 with words the uploader can act on); any other error as it was. */
function asStorageFull(error: unknown, dir: string): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (typeof code !== 'string' || !STORAGE_FULL_CODES.has(code)) return error;
  return new StorageFullError(
    `the disk is full (or a file size limit was reached) while receiving an upload into ${dir}: the partial file was removed and nothing was loaded; free some space and send it again (${error instanceof Error ? error.message : code})`,
    { file: dir },
    { cause: error, outcome: 'the upload was not kept and nothing was loaded' },
  );
}

function toNodeStream(body: ReadableStream<Uint8Array>): Readable {
  // The global ReadableStream and node:stream/web's are the same object at run time; only their declarations differ.
  return Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
}

/**
 * Streams a request body to a new file (mode 600) in the upload directory,
 * never holding it in memory: a multipart form with one file field "file" (and
 * small fields such as dataset and dryRun), or a text/csv body whose fields come
 * from the query string. The file is removed if anything fails; the caller
 * removes it when done.
 */
export async function receiveUpload(
  request: Request,
  options: { dir: string; limitBytes: number; query: Record<string, string> },
): Promise<ReceivedUpload> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > options.limitBytes) {
    throw new TooLargeError(`the upload is ${declared.toLocaleString('en-GB')} bytes; the limit is ${options.limitBytes.toLocaleString('en-GB')} (OBSERVATORY_UPLOAD_LIMIT_BYTES)`, { field: 'file' });
  }
  if (!request.body) throw new InputError('the request has no body; send the extract as a multipart form field named "file"', { field: 'file' });
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const path = join(options.dir, `${randomUUID()}.csv`);
  // The multipart boundary is case-sensitive (browsers send mixed case): only the comparison is lower-cased.
  const contentType = request.headers.get('content-type') ?? '';
  const type = contentType.toLowerCase();
  try {
    if (type.startsWith('text/csv')) {
      const limit = new ByteLimit(options.limitBytes);
      await pipeline(toNodeStream(request.body), limit, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      return { path, name: basename(options.query.name ?? 'upload.csv'), fields: options.query, bytes: limit.bytes };
    }
    return await receiveMultipart(request.body, contentType, path, options.limitBytes);
  } catch (error) {
    await rm(path, { force: true });
    throw asStorageFull(error, options.dir);
  }
}

async function receiveMultipart(body: ReadableStream<Uint8Array>, contentType: string, path: string, limitBytes: number): Promise<ReceivedUpload> {
  const fields: Record<string, string> = {};
  let file: Promise<{ name: string; bytes: number }> | null = null;
  const parser = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 20, fieldSize: 10_000, parts: 30 } });
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (field, stream, filename) => {
    if (field !== 'file' || file) {
      stream.resume();
      return;
    }
    const limit = new ByteLimit(limitBytes);
    file = pipeline(stream, limit, createWriteStream(path, { flags: 'wx', mode: 0o600 })).then(() => ({ name: basename(filename || 'upload.csv'), bytes: limit.bytes }));
    // Stop reading the request once the file fails (too large, disk full): the parser would otherwise wait for it.
    file.catch((error: unknown) => parser.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await pipeline(toNodeStream(body), parser);
  if (!file) throw new InputError('send the extract as a multipart form field named "file"', { field: 'file' });
  const received: { name: string; bytes: number } = await file;
  return { path, name: received.name, fields, bytes: received.bytes };
}
