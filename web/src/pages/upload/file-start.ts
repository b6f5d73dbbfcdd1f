/**
 * Reading the start of a file the way the pipeline reads a whole one: the encoding (a byte-order
 * mark, else UTF-8 if the bytes are valid UTF-8, else Windows-1252), the delimiter the header line
 * splits best on, and the first rows with the line each starts on. Pure over bytes, run in a worker.
 */
import Papa from 'papaparse';

/** Delimiters partner exports use; a header that splits equally well on two takes the earlier (as the pipeline's reader). */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export type EncodingGuess = { encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'; byteOrderMark: boolean };

/** The length of bytes without a UTF-8 sequence cut off at the end (the slice may end mid-character). */
function completeUtf8Length(bytes: Uint8Array): number {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

/** Guesses the encoding from the first bytes. */
export function guessEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', byteOrderMark: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', byteOrderMark: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', byteOrderMark: true };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, completeUtf8Length(bytes)));
    return { encoding: 'utf-8', byteOrderMark: false };
  } catch {
    return { encoding: 'windows-1252', byteOrderMark: false };
  }
}

/** The delimiter that splits the header record into the most fields. */
export function headerDelimiter(text: string): (typeof DELIMITERS)[number] {
  let best: { delimiter: (typeof DELIMITERS)[number]; fields: number } = { delimiter: ',', fields: 0 };
  for (const delimiter of DELIMITERS) {
    const fields = Papa.parse<string[]>(text, { delimiter, preview: 1 }).data[0]?.length ?? 0;
    if (fields > best.fields) best = { delimiter, fields };
  }
  return best.delimiter;
}

export type StartOfFile = {
  encoding: EncodingGuess;
  delimiter: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
  /** Whether the rows shown stop before the end of the file. */
  truncated: boolean;
};

/** Counts line breaks (CRLF, LF or CR each count once). */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** Reads the header and up to maxRows rows from the first bytes of a file (wholeFile: the bytes are all of it). */
export function readStartOfFile(bytes: Uint8Array, wholeFile: boolean, maxRows: number): StartOfFile {
  const encoding = guessEncoding(bytes);
  const usable = encoding.encoding === 'utf-8' && !wholeFile ? bytes.subarray(0, completeUtf8Length(bytes)) : bytes;
  let text = new TextDecoder(encoding.encoding).decode(usable);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = headerDelimiter(text);
  const rows: { line: number; cells: string[] }[] = [];
  let header: string[] | null = null;
  let cursor = 0;
  let line = 1;
  let stopped = false;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result, parser) => {
      const start = cursor;
      const end = result.meta.cursor;
      const cells = result.data;
      const blank = cells.every((cell) => cell.trim() === '');
      if (header === null) header = cells;
      else if (!blank) rows.push({ line, cells });
      line += lineBreaks(text, start, end);
      cursor = end;
      if (rows.length > maxRows) {
        stopped = true;
        parser.abort();
      }
    },
  });
  // The last row of a slice may be cut short: drop it unless the slice is the whole file.
  if (!wholeFile || stopped) rows.pop();
  return { encoding, delimiter, header: header ?? [], rows, truncated: !wholeFile || stopped };
}
