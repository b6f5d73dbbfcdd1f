import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import Papa from 'papaparse';
import { ExtractRefusedError } from '../errors.ts';
import { Utf8Validator } from './utf8-validator.ts';

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type EncodingReport = { encoding: TextEncoding; byteOrderMark: boolean };

/** A record whose quotes do not pair up: a quote that never closes, or a closing quote followed by more text. */
export type QuotingProblem = 'malformed';

/** The quarantine reason for each quoting problem a row can have (a quote that never closes refuses the file). */
export const QUOTING_PROBLEMS: Record<QuotingProblem, string> = {
  malformed: 'row has a quoted field with text after its closing quote (quotes inside a field must be doubled)',
};

/** One CSV record and the editor line number where it starts, and any quoting problem papaparse found in it. */
export type ExtractRecord = { line: number; cells: string[]; quoting?: QuotingProblem };

/** File signatures of things partners send by mistake instead of CSV text, and what to tell them. */
const NOT_CSV: { starts: number[]; what: string }[] = [
  { starts: [0x50, 0x4b, 0x03, 0x04], what: 'is a ZIP archive (an Excel .xlsx workbook is one), not CSV text: export it from Excel as "CSV UTF-8"' },
  { starts: [0x1f, 0x8b], what: 'is gzip-compressed: decompress it and send the .csv inside' },
  { starts: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'is a PDF document, not CSV text' },
  { starts: [0xd0, 0xcf, 0x11, 0xe0], what: 'is an old Excel (.xls) or other Office file, not CSV text: export it as "CSV UTF-8"' },
];

/**
 * Refuses, with a reason the sender can act on, a file whose first bytes show it is not CSV text
 * at all (an archive, a compressed file, a PDF, UTF-16 without a byte-order mark), instead of
 * reporting that its "header" matches no layout.
 */
export async function refuseIfNotCsvText(file: string, displayName: string): Promise<void> {
  const handle = await open(file, 'r').catch((error: Error) => {
    throw unreadable(displayName, error);
  });
  let start: Buffer;
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    start = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  for (const signature of NOT_CSV) {
    if (signature.starts.every((byte, i) => start[i] === byte)) throw new ExtractRefusedError(`the file ${signature.what}`, { file: displayName, line: 1 });
  }
  const hasBom = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
  const zeros = start.reduce((n, byte) => n + (byte === 0 ? 1 : 0), 0);
  // Text in UTF-16 has a zero in every other byte; a stray NUL in a UTF-8 row does not make a quarter of them.
  if (!hasBom && start.length >= 8 && zeros * 4 >= start.length) {
    throw new ExtractRefusedError('the file looks like UTF-16 text without a byte-order mark: save it as "CSV UTF-8" (or as UTF-16 with a byte-order mark)', {
      file: displayName,
      line: 1,
    });
  }
}

/** Delimiters partner exports use; a header that splits equally well on two takes the earlier. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The header record, the delimiter it was written with, and whether any record follows it. */
export type HeaderRecord = ExtractRecord & { delimiter: CsvDelimiter; hasRows: boolean };

/**
 * The header's delimiter: the one that splits the first record into the most fields (quotes
 * respected). Decided from the header alone, because data rows carry commas in addresses and
 * would pull a guess over the whole chunk towards a comma in a semicolon-separated export.
 */
export function headerDelimiter(text: string): { delimiter: CsvDelimiter; cells: string[] } | null {
  let best: { delimiter: CsvDelimiter; cells: string[] } | null = null;
  for (const delimiter of CSV_DELIMITERS) {
    const cells = Papa.parse<string[]>(text, { header: false, newline: '\n', delimiter, preview: 1, skipEmptyLines: false }).data[0];
    if (cells && (!best || cells.length > best.cells.length)) best = { delimiter, cells };
  }
  return best;
}

/** What one streamed pass over a file learns: its SHA-256, and whether all of it is valid UTF-8. */
export type FileFingerprint = { sha256: string; validUtf8: boolean };

/** Reads a file once for both its hash and its UTF-8 check, rather than once for each. */
export async function fingerprintFile(file: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  const utf8 = new Utf8Validator();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    utf8.push(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), validUtf8: utf8.finish() };
}

/**
 * Detects the text encoding from the byte-order mark, else from whether the
 * whole file is valid UTF-8 (a Windows-1252 "£" or "é" may first appear deep
 * into a large file; fingerprintFile has checked every byte); anything else is
 * treated as Windows-1252, the encoding of Excel's "CSV" exports on British
 * Windows machines.
 */
export async function detectEncoding(file: string, validUtf8: boolean): Promise<EncodingReport> {
  const handle = await open(file, 'r');
  let start: Buffer;
  try {
    const buffer = Buffer.alloc(3);
    const { bytesRead } = await handle.read(buffer, 0, 3, 0);
    start = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return { encoding: 'utf-8', byteOrderMark: true };
  if (start[0] === 0xff && start[1] === 0xfe) return { encoding: 'utf-16le', byteOrderMark: true };
  if (start[0] === 0xfe && start[1] === 0xff) return { encoding: 'utf-16be', byteOrderMark: true };
  return validUtf8 ? { encoding: 'utf-8', byteOrderMark: false } : { encoding: 'windows-1252', byteOrderMark: false };
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

/**
 * Decodes bytes to text with the detected encoding, counting bytes for progress,
 * and turns CRLF and lone CR into LF: a file that mixes line endings (pieces
 * pasted together) then parses, and counts lines, as an editor shows it.
 */
class DecodingStream extends Transform {
  private readonly decoder: TextDecoder;
  /** A CR that ended the previous chunk, held back until we know whether an LF follows it. */
  private heldCarriageReturn = false;
  bytesRead = 0;

  constructor(encoding: EncodingReport, private readonly onBytes: (bytesRead: number) => void) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(encoding.encoding, { ignoreBOM: false });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytesRead += chunk.length;
    this.onBytes(this.bytesRead);
    callback(null, this.toLineFeeds(this.decoder.decode(chunk, { stream: true }), false));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.toLineFeeds(this.decoder.decode(), true));
  }

  private toLineFeeds(decoded: string, last: boolean): string {
    let text = this.heldCarriageReturn ? `\r${decoded}` : decoded;
    this.heldCarriageReturn = !last && text.endsWith('\r');
    if (this.heldCarriageReturn) text = text.slice(0, -1);
    return text.includes('\r') ? text.replaceAll('\r\n', '\n').replaceAll('\r', '\n') : text;
  }
}

/**
 * The file's text as a stream of LF-ended lines. A read that fails part-way (the file
 * removed or unreadable) surfaces on the returned stream as a refusal naming the file,
 * since pipe() alone would leave the error unhandled on the source.
 */
function decodedText(file: string, encoding: EncodingReport, chunkBytes: number, onBytes: (bytesRead: number) => void): DecodingStream {
  const source = createReadStream(file, { highWaterMark: chunkBytes });
  const decoded = source.pipe(new DecodingStream(encoding, onBytes));
  source.on('error', (error) => decoded.destroy(unreadable(file, error)));
  return decoded;
}

/** Plain words for the usual reasons a read fails; Node's own message names the path on disk, not the file as the user knows it. */
const READ_FAILURES: Record<string, string> = { ENOENT: 'it no longer exists', EISDIR: 'it is a directory', EACCES: 'permission denied' };

/** The refusal of a file the system would not read (gone, a directory, an I/O error). */
export function unreadable(file: string, error: Error): ExtractRefusedError {
  const code = String(Reflect.get(error, 'code') ?? '');
  return new ExtractRefusedError(`could not be read: ${READ_FAILURES[code] ?? (code || 'input/output error')}`, { file }, { cause: error });
}

/** A parser error as a refusal, unless it already is one (a read error passed through). */
function parseFailure(error: Error, file: string, line: number): ExtractRefusedError {
  return error instanceof ExtractRefusedError ? error : new ExtractRefusedError(`could not be parsed as CSV: ${error.message}`, { file, line });
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
  delimiter: CsvDelimiter,
  onRecords: (records: ExtractRecord[]) => void,
  onProgress?: (progress: ReadProgress) => void,
): Promise<number> {
  const totalBytes = await stat(file).then(
    (stats) => stats.size,
    (error: Error) => {
      throw unreadable(file, error);
    },
  );
  const decoded = decodedText(file, encoding, 1 << 20, (bytesRead) => onProgress?.({ bytesRead, totalBytes }));
  let line = 1;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    decoded.on('error', (error) => {
      failed = true;
      reject(error);
    });
    Papa.parse(decoded as unknown as File, {
      header: false,
      newline: '\n',
      delimiter,
      skipEmptyLines: false,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        if (failed) return;
        const records: ExtractRecord[] = [];
        // papaparse reports quoting errors against the row (index in this chunk) they happened in.
        const quoting = new Map<number, QuotingProblem>();
        let unclosedAt: number | null = null;
        for (const error of results.errors) {
          if (error.row === undefined) continue;
          if (error.code === 'MissingQuotes') unclosedAt = error.row;
          else if (error.code === 'InvalidQuotes') quoting.set(error.row, 'malformed');
        }
        for (const [index, row] of results.data.entries()) {
          const start = line;
          let breaks = 0;
          for (const cell of row) breaks += countLineBreaks(cell);
          line = start + 1 + breaks;
          // A blank line is not a record, nor is a row of empty fields (the ",,,," Excel leaves
          // after a table); either still counts as a line for the editor.
          if (row.every((cell) => cell === '')) continue;
          if (index === unclosedAt) {
            // Everything after the quote was read as one field: loading it would hide every later row.
            failed = true;
            parser.abort();
            decoded.destroy();
            reject(new ExtractRefusedError(`a quote opened in the row starting on line ${start} is never closed, so the rest of the file would be read as one field`, { file, line: start }));
            return;
          }
          const problem = quoting.get(index);
          records.push(problem ? { line: start, cells: row, quoting: problem } : { line: start, cells: row });
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
        reject(parseFailure(error, file, line));
      },
    });
  });
  if (line === 1) throw new ExtractRefusedError('the file is empty (no header line)', { file, line: 1 });
  return line - 1;
}

/** Reads only the header record (the first line, or more if it has quoted line breaks) and its delimiter. */
export async function readHeader(file: string, encoding: EncodingReport): Promise<HeaderRecord> {
  const decoded = decodedText(file, encoding, 1 << 16, () => undefined);
  let text = '';
  let whole = true;
  try {
    // The first 64 KiB hold any real header; a longer first line is cut, and refused as unknown.
    for await (const chunk of decoded) {
      text += String(chunk);
      if (text.length >= 1 << 16) {
        whole = false;
        break;
      }
    }
  } finally {
    decoded.destroy();
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const header = headerDelimiter(text);
  if (!header || (header.cells.length === 1 && header.cells[0] === '')) {
    throw new ExtractRefusedError('the file is empty or its first line is blank (expected a header)', { file, line: 1 });
  }
  // Rows beyond what was read are assumed; within it, blank lines and rows of empty fields are no rows.
  const records = Papa.parse<string[]>(text, { header: false, newline: '\n', delimiter: header.delimiter, skipEmptyLines: false }).data;
  const hasRows = !whole || records.slice(1).some((cells) => cells.some((cell) => cell !== ''));
  return { line: 1, cells: header.cells, delimiter: header.delimiter, hasRows };
}
