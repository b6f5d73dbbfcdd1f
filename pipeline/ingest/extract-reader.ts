import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import Papa from 'papaparse';
import { ExtractRefusedError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type EncodingReport = { encoding: TextEncoding; byteOrderMark: boolean };

/** One CSV record and the editor line number where it starts. */
export type ExtractRecord = { line: number; cells: string[] };

const SAMPLE_BYTES = 1 << 20;

/**
 * Detects the text encoding from the byte-order mark, else by checking that a
 * leading sample is valid UTF-8; anything else is treated as Windows-1252, the
 * encoding of Excel's "CSV" exports on British Windows machines.
 */
export async function detectEncoding(file: string): Promise<EncodingReport> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const sample = buffer.subarray(0, bytesRead);
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', byteOrderMark: true };
    if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', byteOrderMark: true };
    if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', byteOrderMark: true };
    try {
      // stream: true tolerates a multi-byte character cut at the end of the sample.
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
      return { encoding: 'utf-8', byteOrderMark: false };
    } catch {
      return { encoding: 'windows-1252', byteOrderMark: false };
    }
  } finally {
    await handle.close();
  }
}

/** Counts line breaks (CRLF, LF or CR) inside a string. */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

export type ReadProgress = { bytesRead: number; totalBytes: number };

/** Decodes bytes to text with the detected encoding, counting bytes for progress. */
class DecodingStream extends Transform {
  private readonly decoder: TextDecoder;
  bytesRead = 0;

  constructor(encoding: EncodingReport, private readonly onBytes: (bytesRead: number) => void) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(encoding.encoding, { ignoreBOM: false });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesRead += chunk.length;
    this.onBytes(this.bytesRead);
    callback(null, this.decoder.decode(chunk, { stream: true }));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.decoder.decode());
  }
}

/**
 * Streams an extract's records, with the editor line number where each starts,
 * to a synchronous consumer, one parsed chunk (~1 MB) at a time, so memory
 * stays flat whatever the file size. The first record is the header.
 * Resolves with the number of lines in the file.
 */
export async function readExtractRecords(
  file: string,
  encoding: EncodingReport,
  onRecords: (records: ExtractRecord[]) => void,
  onProgress?: (progress: ReadProgress) => void,
): Promise<number> {
  const totalBytes = (await stat(file)).size;
  const decoded = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    new DecodingStream(encoding, (bytesRead) => onProgress?.({ bytesRead, totalBytes })),
  );
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    decoded.on('error', (error) => {
      failed = true;
      reject(error);
    });
    Papa.parse(decoded as unknown as File, {
      header: false,
      skipEmptyLines: false,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        if (failed) return;
        const records: ExtractRecord[] = [];
        for (const row of results.data) {
          const start = line;
          let breaks = 0;
          for (const cell of row) breaks += countLineBreaks(cell);
          line = start + 1 + breaks;
          // A blank line is not a record; it still counts as a line for the editor.
          if (row.length === 1 && row[0] === '') continue;
          records.push({ line: start, cells: row });
        }
        try {
          onRecords(records);
        } catch (error) {
          failed = true;
          parser.abort();
          decoded.destroy();
          reject(error);
        }
      },
      complete() {
        if (!failed) resolve();
      },
      error(error: Error) {
        failed = true;
        reject(new ExtractRefusedError(`could not be parsed as CSV: ${error.message}`, { file, line }));
      },
    });
  });
  if (line === 1) throw new ExtractRefusedError('the file is empty (no header line)', { file, line: 1 });
  return line - 1;
}

/** Reads only the header record (the first line, or more if it has quoted line breaks). */
export async function readHeader(file: string, encoding: EncodingReport): Promise<ExtractRecord> {
  const decoded = createReadStream(file, { highWaterMark: 1 << 16 }).pipe(new DecodingStream(encoding, () => undefined));
  const cells = await new Promise<string[] | null>((resolve, reject) => {
    Papa.parse(decoded as unknown as File, {
      header: false,
      preview: 1,
      skipEmptyLines: false,
      complete(results: Papa.ParseResult<string[]>) {
        decoded.destroy();
        resolve(results.data[0] ?? null);
      },
      error(error: Error) {
        reject(new ExtractRefusedError(`could not be parsed as CSV: ${error.message}`, { file, line: 1 }));
      },
    });
  });
  if (!cells || (cells.length === 1 && cells[0] === '')) {
    throw new ExtractRefusedError('the file is empty or its first line is blank (expected a header)', { file, line: 1 });
  }
  return { line: 1, cells };
}
