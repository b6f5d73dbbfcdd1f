import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import type { LineBreak } from './csv-shape-scan.ts';
import type { EncodingReport } from './extract-reader.ts';

/** The first chunk the streaming reader parses: papaparse guesses the delimiter from it. */
const FIRST_CHUNK_BYTES = 1 << 20;

export type NativeDialect = { ok: true; lineBreak: LineBreak } | { ok: false; why: string };

/**
 * Decides whether DuckDB's reader can read a file the way the streaming reader
 * does: UTF-8, a comma as the delimiter papaparse would guess from the first
 * chunk, and the line break that ends the header (the shape scan then checks
 * every other record ends the same way).
 */
export async function detectNativeDialect(file: string, encoding: EncodingReport): Promise<NativeDialect> {
  if (encoding.encoding !== 'utf-8') return { ok: false, why: `the file is ${encoding.encoding}, not UTF-8` };
  const handle = await open(file, 'r');
  let bytes: Buffer;
  try {
    // One byte more than the chunk, to see whether a CR that ends the chunk starts a CRLF.
    const buffer = Buffer.alloc(FIRST_CHUNK_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const firstChunk = bytes.subarray(0, FIRST_CHUNK_BYTES);
  // The same decoding and line-break folding as the streaming reader's first chunk (a CR that ends it is held back).
  let text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(firstChunk, { stream: true });
  if (text.endsWith('\r') && bytes.length > FIRST_CHUNK_BYTES) text = text.slice(0, -1);
  text = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
  const guess = Papa.parse<string[]>(text, { header: false, newline: '\n', skipEmptyLines: false, preview: 10 });
  if (guess.meta.delimiter !== ',') return { ok: false, why: `the streaming reader would take "${guess.meta.delimiter}" as the delimiter` };
  const lf = bytes.indexOf(0x0a);
  const cr = bytes.indexOf(0x0d);
  if (cr >= 0 && (lf < 0 || cr < lf)) return { ok: true, lineBreak: bytes[cr + 1] === 0x0a ? '\r\n' : '\r' };
  return { ok: true, lineBreak: '\n' };
}
