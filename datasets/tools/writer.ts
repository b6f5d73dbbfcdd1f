/**
 * Serialises generated rows: in memory with the irregular byte-level styles real exports have
 * (Windows-1252, BOM, CRLF/CR, trailing blank lines, odd headers), or streamed to disk for big files.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';
import { csvLine } from './csv.ts';

/** Byte-level shape of one extract file. */
export interface FileStyle {
  encoding: 'utf8' | 'windows-1252';
  bom: boolean;
  eol: '\n' | '\r\n' | '\r';
  trailingBlankLines: number;
  /** Literal header line to write instead of the canonical one (e.g. different case and spacing). */
  headerLine?: string;
}

/** The clean default: UTF-8, no BOM, LF, no trailing blank lines. */
export const CLEAN: FileStyle = { encoding: 'utf8', bom: false, eol: '\n', trailingBlankLines: 0 };

/** A rendered file and, for each data row, the physical line on which it starts (header = line 1). */
export interface Rendered {
  bytes: Buffer;
  lineOfRow: number[];
}

/** Renders header + rows in the given style. */
export function renderCsv(header: readonly string[], rows: readonly string[][], style: FileStyle): Rendered {
  const lines: string[] = [style.headerLine ?? csvLine(header)];
  const lineOfRow: number[] = [];
  let line = 2;
  for (const row of rows) {
    const text = csvLine(row);
    lines.push(text);
    lineOfRow.push(line);
    // Embedded line breaks inside quoted fields push later rows down the file.
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  let body = lines.join(style.eol) + style.eol + style.eol.repeat(style.trailingBlankLines);
  if (style.bom) body = `\ufeff${body}`;
  const bytes = style.encoding === 'windows-1252' ? iconv.encode(body, 'win1252') : Buffer.from(body, 'utf8');
  return { bytes, lineOfRow };
}

/** Buffered synchronous file writer: constant memory however many rows are written. */
export class LineWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;
  records = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends one CSV record and an LF. */
  writeRow(fields: readonly (string | number)[]): void {
    const text = `${csvLine(fields)}\n`;
    this.chunks.push(text);
    this.size += text.length;
    this.records++;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
