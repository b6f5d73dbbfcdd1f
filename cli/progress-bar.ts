/** A one-line progress bar for a terminal: rows, rows/s and % of bytes read. */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** Redraws at most ten times a second. */
  update(rows: number, bytesRead: number, totalBytes: number): void {
    const now = performance.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const share = totalBytes > 0 ? bytesRead / totalBytes : 0;
    const width = 24;
    const filled = Math.round(share * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    this.stream.write(`\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${rows.toLocaleString('en-GB')} rows  ${rate.toLocaleString('en-GB')} rows/s  ${this.label}\x1b[K`);
  }

  /** Clears the line. */
  done(): void {
    this.stream.write('\r\x1b[K');
  }
}
