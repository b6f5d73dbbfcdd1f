/**
 * Concurrent readers of published figures against a running server, shared by the load test
 * (test/hardening/readers-during-rebuild.test.ts) and its bench (bench/readers-during-rebuild.bench.ts):
 * each reader loops over the URLs until told to stop and keeps every answer with the build it names.
 */

/** One answer a reader got. */
export type ReaderAnswer = { url: string; status: number; build: string | null; body: string; milliseconds: number; error: string | null };

export type ReaderOptions = {
  baseUrl: string;
  /** Paths (with their query) of figures routes. */
  urls: readonly string[];
  headers: Record<string, string>;
  readers: number;
  /**
   * Readers with an odd number add a query parameter no other request has (`n=`), so their answers are
   * computed from the database rather than taken from the build cache; even readers share the cache.
   */
  bypassCache: boolean;
};

/** Runs the readers until `stop` resolves; resolves with every answer. */
export async function readFiguresUntil(options: ReaderOptions, stop: Promise<unknown>): Promise<ReaderAnswer[]> {
  const answers: ReaderAnswer[] = [];
  let stopped = false;
  void stop.finally(() => (stopped = true));
  let nonce = 0;
  const reader = async (index: number): Promise<void> => {
    for (let turn = index; !stopped; turn++) {
      const url = options.urls[turn % options.urls.length]!;
      const unique = options.bypassCache && index % 2 === 1 ? `${url.includes('?') ? '&' : '?'}n=${nonce++}` : '';
      const t0 = performance.now();
      try {
        const response = await fetch(new URL(url + unique, options.baseUrl), { headers: options.headers });
        const body = await response.text();
        answers.push({ url, status: response.status, build: response.headers.get('observatory-build'), body, milliseconds: performance.now() - t0, error: null });
      } catch (error) {
        answers.push({ url, status: 0, build: null, body: '', milliseconds: performance.now() - t0, error: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.readers }, (_, i) => reader(i)));
  return answers;
}

/** The p-th percentile (0–100) of a list of numbers, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A police extract of the pilot moved to another month (same rows, so it loads as a new month's extract). */
export function movedPoliceExtract(text: string, fromMonth: string, toMonth: string): string {
  const lines = text.split(/\r?\n/);
  return lines.map((line, i) => (i === 0 ? line : line.replace(`,${fromMonth},`, `,${toMonth},`))).join('\n');
}
