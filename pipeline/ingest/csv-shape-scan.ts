import { open } from 'node:fs/promises';
import { Utf8Validator } from './utf8-validator.ts';

/** A record separator outside quotes. */
export type LineBreak = '\n' | '\r\n' | '\r';

/** A record quarantined whole because its field count differs from the header's. */
export type RaggedRecord = { line: number; fields: number };

/**
 * What one byte pass learned about a strictly regular CSV file: how many rows a
 * native reader returns, the editor line of each, the records to quarantine
 * whole, and checks on the values read. Row k (0-based, in file order) starts
 * on line k + shift, where shift is the value of the last breakpoint at or before k.
 */
export type CsvShape = {
  lineBreak: LineBreak;
  headerFields: number;
  /** Records with the header's field count: the rows a native reader returns. */
  rows: number;
  /** Row indices where the line shift changes (ascending; the first is 0 when rows > 0). */
  shiftFrom: number[];
  shiftValue: number[];
  ragged: RaggedRecord[];
  /** A quoted value holds a CR, which the streaming reader turns into LF. */
  carriageReturnInQuotes: boolean;
  /** Bytes of all values of all rows (quotes and separators excluded), to check the native reader read the same values. */
  valueBytes: number;
  /** Σ (k + 1) × value bytes of row k, modulo POSITION_CHECK_MODULUS: rows read in another order would change it. */
  positionalChecksum: number;
  /** The file holds U+FFFD (EF BF BD) somewhere. */
  replacementCharacter: boolean;
  /**
   * The file may hold whitespace other than the space at the edge of a value (a tab, a no-break space,
   * a line break inside quotes…), so trimming must test for all of JavaScript's whitespace.
   */
  otherWhitespace: boolean;
};

export type ShapeVerdict = { regular: true; shape: CsvShape } | { regular: false; why: string };

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
const AFTER_CR = 4;

/** The Mersenne prime 2^31 − 1: (k + 1) × bytes stays an exact double, and sums stay within DuckDB's HUGEINT. */
export const POSITION_CHECK_MODULUS = 2_147_483_647;

/** Stops a scan: the file is not in the shape the native path reproduces exactly. */
class Irregular extends Error {}

/** Ragged records or line-shift breakpoints beyond this send the file down the streaming path. */
const MAX_LISTED = 2_000_000;

/** U+FFFD in UTF-8, the character a decoder puts for bytes it cannot read. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** Bytes that end a plain (unquoted) run: comma, quote, LF, CR, NUL. */
const SPECIAL = new Uint8Array(256);
for (const byte of [COMMA, QUOTE, LF, CR, NUL]) SPECIAL[byte] = 1;

/** Encodings of JavaScript whitespace other than the space and line breaks: a file without them can only need spaces trimmed. */
const OTHER_WHITESPACE = [
  [0x09],
  [0x0b],
  [0x0c],
  [0xc2, 0xa0],
  [0xe1, 0x9a, 0x80],
  [0xe2, 0x81, 0x9f],
  [0xe3, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  ...[0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0xa8, 0xa9, 0xaf].map((last) => [0xe2, 0x80, last]),
].map((bytes) => Buffer.from(bytes));

/**
 * Scans CSV bytes (UTF-8 or any ASCII-compatible encoding) with one comma
 * delimiter, '"' quotes doubled inside quoted fields, and one line break kind.
 * Anything a lenient parser would interpret (a quote inside an unquoted field,
 * text after a closing quote, a stray CR or LF, NUL, an unterminated quote,
 * a header over several lines) makes the file irregular, so the caller can
 * take the exact but slower streaming path instead.
 */
export class CsvShapeScanner {
  private readonly mode: 'lines' | 'fields';
  private state = FIELD_START;
  private fields = 0;
  private breaks = 0;
  private previousWasCr = false;
  /** The field being read by the byte machine has a value byte yet. */
  private fieldStarted = false;
  /** Value bytes of the record being read by the byte machine. */
  private recordBytes = 0;
  private records = 0;
  private line = 1;
  private rows = 0;
  private shift = Number.NaN;
  private readonly shiftFrom: number[] = [];
  private readonly shiftValue: number[] = [];
  private readonly ragged: RaggedRecord[] = [];
  private carriageReturnInQuotes = false;
  private valueBytes = 0;
  private positionalChecksum = 0;
  private replacementCharacter = false;
  private otherWhitespace = false;
  private irregular: string | null = null;
  /** The byte that ends a line (LF, or CR in CR files) and the one that must never appear outside quotes. */
  private readonly endByte: number;
  private readonly strayByte: number;
  /** The last two bytes of the previous buffer, to find a sequence split between buffers. */
  private tail: Uint8Array = new Uint8Array(0);
  /** Positions of the next quote, stray line-break byte and NUL in the current buffer (-1: not searched yet). */
  private nextQuote = -1;
  private nextStray = -1;
  private nextNul = -1;

  /**
   * In `lines` mode records without quotes are taken a line at a time and their
   * fields are not counted (every non-blank record is taken for a row); `fields`
   * mode counts every record's fields and lists the ragged ones.
   */
  constructor(
    private readonly lineBreak: LineBreak,
    private readonly headerFields: number,
    mode: 'lines' | 'fields',
  ) {
    this.mode = mode;
    this.endByte = lineBreak === '\r' ? CR : LF;
    this.strayByte = lineBreak === '\r' ? LF : CR;
  }

  /** Records after the header seen so far (blank lines excluded), for progress. */
  get recordsSoFar(): number {
    return Math.max(0, this.records - 1);
  }

  /** Feeds the next bytes of the file. */
  push(chunk: Uint8Array): void {
    if (this.irregular !== null) return;
    try {
      this.scan(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      if (!(error instanceof Irregular)) throw error;
      this.irregular = error.message;
    }
  }

  /** Ends the scan at the end of the file. */
  finish(): ShapeVerdict {
    if (this.irregular !== null) return { regular: false, why: this.irregular };
    try {
      switch (this.state) {
        case QUOTED:
          throw new Irregular('a quoted field is not closed at the end of the file');
        case AFTER_CR:
          throw new Irregular('the file ends with a CR that is not followed by LF');
        case FIELD_START:
          // Nothing after the last line break: no record to end (unless a comma began an empty field).
          if (this.fields > 0) this.endRecord();
          break;
        default:
          this.endRecord();
      }
    } catch (error) {
      if (!(error instanceof Irregular)) throw error;
      return { regular: false, why: error.message };
    }
    if (this.records === 0) return { regular: false, why: 'the file has no header record' };
    return {
      regular: true,
      shape: {
        lineBreak: this.lineBreak,
        headerFields: this.headerFields,
        rows: this.rows,
        shiftFrom: this.shiftFrom,
        shiftValue: this.shiftValue,
        ragged: this.ragged,
        carriageReturnInQuotes: this.carriageReturnInQuotes,
        valueBytes: this.valueBytes,
        positionalChecksum: this.positionalChecksum,
        replacementCharacter: this.replacementCharacter,
        otherWhitespace: this.otherWhitespace,
      },
    };
  }

  /** Books one record: the header, a blank line, a ragged record or a row (fields 0: not counted, in lines mode). */
  private closeRecord(blank: boolean, fields: number, valueBytes: number): void {
    const start = this.line;
    // A value over several lines may start or end with its line break.
    if (this.breaks > 0) this.otherWhitespace = true;
    this.line = start + 1 + this.breaks;
    this.breaks = 0;
    if (this.records === 0) {
      if (this.line !== 2) throw new Irregular('the header spans several lines');
      if (fields !== this.headerFields) throw new Irregular(`the header has ${fields} fields here but ${this.headerFields} when read as text`);
      this.records++;
      return;
    }
    if (blank) return;
    this.records++;
    if (fields !== 0 && fields !== this.headerFields) {
      if (this.ragged.length >= MAX_LISTED) throw new Irregular('too many records with the wrong number of fields');
      this.ragged.push({ line: start, fields });
      return;
    }
    const shift = start - this.rows;
    if (shift !== this.shift) {
      if (this.shiftFrom.length >= MAX_LISTED) throw new Irregular('too many records over several lines');
      this.shiftFrom.push(this.rows);
      this.shiftValue.push(shift);
      this.shift = shift;
    }
    this.valueBytes += valueBytes;
    this.positionalChecksum = (this.positionalChecksum + (((this.rows + 1) * valueBytes) % POSITION_CHECK_MODULUS)) % POSITION_CHECK_MODULUS;
    this.rows++;
  }

  /** Ends the byte machine's current field. */
  private endField(): void {
    this.fields++;
    this.fieldStarted = false;
  }

  /** Ends the byte machine's current record. */
  private endRecord(): void {
    // No value byte in any field: a blank line, or a record of empty fields (",,,", or `"",""`).
    const blank = this.recordBytes === 0;
    this.endField();
    this.closeRecord(blank, this.fields, this.recordBytes);
    this.recordBytes = 0;
    this.fields = 0;
    this.state = FIELD_START;
  }

  /** A line break byte outside quotes: ends the record, or waits for the LF of a CRLF. */
  private lineBreakByte(c: number): void {
    if (c === LF) {
      if (this.lineBreak === '\n') return this.endRecord();
      throw new Irregular(`a line feed outside quotes in a file whose lines end with ${this.lineBreak === '\r' ? 'CR' : 'CRLF'}`);
    }
    if (this.lineBreak === '\r') return this.endRecord();
    if (this.lineBreak === '\r\n') {
      this.state = AFTER_CR;
      return;
    }
    throw new Irregular('a carriage return outside quotes in a file whose lines end with LF');
  }

  /** One value byte of the field being read by the byte machine. */
  private valueByte(): void {
    this.fieldStarted = true;
    this.recordBytes++;
  }

  private scan(buffer: Buffer): void {
    const n = buffer.length;
    this.nextQuote = -1;
    this.nextStray = -1;
    this.nextNul = -1;
    if (!this.replacementCharacter && this.holds(buffer, REPLACEMENT)) this.replacementCharacter = true;
    if (!this.otherWhitespace && OTHER_WHITESPACE.some((sequence) => this.holds(buffer, sequence))) this.otherWhitespace = true;
    // A copy: the caller reuses its read buffer.
    this.tail = Uint8Array.prototype.slice.call(buffer, Math.max(0, n - 2));
    let i = 0;
    while (i < n) {
      if (this.mode === 'lines' && this.records > 0 && this.state === FIELD_START && this.fields === 0 && !this.fieldStarted) {
        i = this.scanLines(buffer, i);
        if (i >= n) return;
      }
      i = this.scanRecord(buffer, i);
    }
  }

  /** The buffer holds a byte sequence, or it straddles the previous buffer and this one. */
  private holds(buffer: Buffer, sequence: Buffer): boolean {
    if (buffer.includes(sequence)) return true;
    return this.tail.length > 0 && Buffer.concat([this.tail, buffer.subarray(0, 2)]).includes(sequence);
  }

  /** The next position at or after i of a byte, searched again only once i has passed the last one found. */
  private static next(buffer: Buffer, byte: number, i: number, known: number): number {
    if (known >= i) return known;
    const found = buffer.indexOf(byte, i);
    return found < 0 ? buffer.length : found;
  }

  /**
   * Takes whole quote-free lines from i with the native indexOf; returns where
   * it stopped: the end, or the start of a record the byte machine must read.
   */
  private scanLines(buffer: Buffer, from: number): number {
    const n = buffer.length;
    const crlf = this.lineBreak === '\r\n';
    const separators = this.headerFields - 1;
    let i = from;
    while (i < n) {
      const end = buffer.indexOf(this.endByte, i);
      if (end < 0) return i;
      this.nextQuote = CsvShapeScanner.next(buffer, QUOTE, i, this.nextQuote);
      if (this.nextQuote < end) return i;
      this.nextNul = CsvShapeScanner.next(buffer, NUL, i, this.nextNul);
      if (this.nextNul < end) throw new Irregular('a NUL byte');
      this.nextStray = CsvShapeScanner.next(buffer, this.strayByte, i, this.nextStray);
      let contentEnd = end;
      if (crlf) {
        contentEnd = end - 1;
        if (contentEnd < i || buffer[contentEnd] !== CR) throw new Irregular('a line feed without a carriage return in a file whose lines end with CRLF');
        if (this.nextStray < contentEnd) throw new Irregular('a carriage return without a line feed in a file whose lines end with CRLF');
      } else if (this.nextStray < end) {
        throw new Irregular(this.lineBreak === '\n' ? 'a carriage return outside quotes in a file whose lines end with LF' : 'a line feed outside quotes in a file whose lines end with CR');
      }
      // Value bytes of a row with the header's field count; a ragged line makes the native count differ, and fields mode then finds it.
      this.closeRecord(CsvShapeScanner.onlySeparators(buffer, i, contentEnd), 0, contentEnd - i - separators);
      i = end + 1;
    }
    return i;
  }

  /** The bytes from start to end are nothing but commas (none at all: a blank line): a record of empty fields. */
  private static onlySeparators(buffer: Buffer, start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (buffer[k] !== COMMA) return false;
    return true;
  }

  /** Runs the byte machine from i until one record ends (or the buffer does); returns the next index. */
  private scanRecord(buffer: Buffer, from: number): number {
    const n = buffer.length;
    let i = from;
    const line = this.line;
    const records = this.records;
    while (i < n) {
      const c = buffer[i] as number;
      switch (this.state) {
        case UNQUOTED: {
          let j = i;
          while (j < n && SPECIAL[buffer[j] as number] === 0) j++;
          this.recordBytes += j - i;
          if (j === n) return n;
          i = j;
          const d = buffer[j] as number;
          if (d === COMMA) {
            this.endField();
            this.state = FIELD_START;
          } else if (d === LF || d === CR) this.lineBreakByte(d);
          else if (d === QUOTE) throw new Irregular('a quote inside an unquoted field');
          else throw new Irregular('a NUL byte');
          i++;
          break;
        }
        case FIELD_START:
          if (c === COMMA) this.endField();
          else if (c === QUOTE) this.state = QUOTED;
          else if (c === LF || c === CR) this.lineBreakByte(c);
          else if (c === NUL) throw new Irregular('a NUL byte');
          else {
            this.valueByte();
            this.state = UNQUOTED;
          }
          i++;
          break;
        case QUOTED: {
          let j = i;
          let d = c;
          // Quoted bytes up to the next quote; line breaks inside are counted as the editor shows them.
          while (d !== QUOTE) {
            if (d === LF) {
              if (!this.previousWasCr) this.breaks++;
              this.previousWasCr = false;
            } else if (d === CR) {
              this.breaks++;
              this.previousWasCr = true;
              this.carriageReturnInQuotes = true;
            } else if (d === NUL) throw new Irregular('a NUL byte');
            else this.previousWasCr = false;
            this.valueByte();
            if (++j === n) return n;
            d = buffer[j] as number;
          }
          this.previousWasCr = false;
          this.state = QUOTE_IN_QUOTED;
          i = j + 1;
          break;
        }
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            this.valueByte();
            this.state = QUOTED;
          } else if (c === COMMA) {
            this.endField();
            this.state = FIELD_START;
          } else if (c === LF || c === CR) this.lineBreakByte(c);
          else throw new Irregular('text after the closing quote of a field');
          i++;
          break;
        case AFTER_CR:
          if (c !== LF) throw new Irregular('a carriage return without a line feed in a file whose lines end with CRLF');
          this.endRecord();
          i++;
          break;
      }
      // One record at a time in lines mode, so that quote-free lines go back to indexOf.
      if (this.mode === 'lines' && (this.records !== records || this.line !== line) && this.state === FIELD_START) return i;
    }
    return i;
  }
}

/**
 * Scans a UTF-8 file (after an optional BOM) for the native path: its shape,
 * and that every byte is valid UTF-8, so no value needs replacement characters.
 */
export async function scanCsvShape(
  file: string,
  options: { lineBreak: LineBreak; headerFields: number; mode: 'lines' | 'fields' },
  onProgress?: (progress: { rows: number; bytesRead: number }) => void,
): Promise<ShapeVerdict> {
  const scanner = new CsvShapeScanner(options.lineBreak, options.headerFields, options.mode);
  const utf8 = new Utf8Validator();
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let first = true;
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: read } = await handle.read(buffer, 0, buffer.length, null);
      if (read === 0) break;
      bytesRead += read;
      let chunk = buffer.subarray(0, read);
      if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      first = false;
      utf8.push(chunk);
      scanner.push(chunk);
      if (!utf8.valid) return { regular: false, why: 'bytes that are not valid UTF-8' };
      onProgress?.({ rows: scanner.recordsSoFar, bytesRead });
    }
  } finally {
    await handle.close();
  }
  if (!utf8.finish()) return { regular: false, why: 'bytes that are not valid UTF-8' };
  return scanner.finish();
}
