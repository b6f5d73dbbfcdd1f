/**
 * The upload preview's worker: reads only the first bytes of the chosen file (a 1 GB file costs the
 * same as a small one) and parses them off the page's main thread.
 */
import { readStartOfFile } from './file-start.ts';

/** How much of the file the preview reads. */
export const PREVIEW_BYTES = 1024 * 1024;
/** How many rows it checks. */
export const PREVIEW_ROWS = 500;

self.onmessage = async (event: MessageEvent<File>) => {
  const file = event.data;
  try {
    const bytes = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    self.postMessage({ ok: true, start: readStartOfFile(bytes, file.size <= PREVIEW_BYTES, PREVIEW_ROWS) });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
