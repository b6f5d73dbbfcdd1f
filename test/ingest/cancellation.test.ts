/**
 * Cancelling an ingest (the upload page's Cancel once the server has the file): the streamed reader
 * looks at the AbortSignal between rows and stops part-way through the file, and the load keeps
 * nothing of it; the check itself looks at the signal only every so many rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../pipeline/errors.ts';
import { rowCancelCheck, ROWS_BETWEEN_CHECKS } from '../../pipeline/ingest/cancellation.ts';
import { disposeTemplates, openTempObservatory, writeExtract, type TempObservatory } from '../support/temp-observatory.ts';
import { FIRE_HEADER, fireRow, render } from './support/extracts.ts';

/** Enough rows for several of the reader's ~1 MB chunks, so a cancel in the first leaves most unread. */
const ROWS = 30_000;

let obs: TempObservatory;

beforeAll(async () => {
  obs = await openTempObservatory();
}, 60_000);
afterAll(async () => {
  await obs?.dispose();
  await disposeTemplates();
});

describe('the row check', () => {
  it('throws CancelledError only once the signal is aborted, looking at it every ROWS_BETWEEN_CHECKS rows', () => {
    const controller = new AbortController();
    const check = rowCancelCheck(controller.signal, 4);
    for (let i = 0; i < 8; i++) check();
    controller.abort();
    check();
    check();
    check();
    expect(() => check()).toThrow(CancelledError);
    expect(ROWS_BETWEEN_CHECKS).toBeGreaterThan(1);
    // No signal: never throws.
    const unchecked = rowCancelCheck(undefined, 1);
    expect(() => unchecked()).not.toThrow();
  });
});

describe('a streamed ingest cancelled part-way', () => {
  it('stops before the end of the file, keeps nothing, and the same file then loads in full', async () => {
    const bytes = render(
      FIRE_HEADER,
      Array.from({ length: ROWS }, (_, i) => fireRow({ incident_number: `FX${String(i).padStart(7, '0')}`, call_datetime: `${String((i % 27) + 1).padStart(2, '0')}/07/2019 10:00` })),
    ).bytes;
    expect(bytes.length).toBeGreaterThan(3 * 2 ** 20);
    const file = await writeExtract(obs.dir, 'fire-big.csv', bytes);
    const counts = async () => ({
      extracts: await obs.count('extract_log'),
      fire: await obs.count('fire_incidents'),
      quarantine: await obs.count('quarantine'),
    });
    const before = await counts();

    const controller = new AbortController();
    let rowsSeen = 0;
    const cancelled = obs.ingest(file, {
      reader: 'streaming',
      onProgress: (progress) => {
        rowsSeen = Math.max(rowsSeen, progress.rows);
        // The first chunk is read: cancel, as the DELETE route does.
        controller.abort();
      },
      signal: controller.signal,
    });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    await expect(cancelled).rejects.toThrow(/nothing from it was loaded/);
    expect(rowsSeen).toBeGreaterThan(0);
    // Stopped within a chunk and a check of the cancel: far from the end of the file.
    expect(rowsSeen).toBeLessThan(ROWS / 2);
    expect(await counts()).toEqual(before);

    const again = await obs.ingest(file, { reader: 'streaming' });
    expect(again).toMatchObject({ status: 'loaded', rowsRead: ROWS, rowsLoaded: ROWS });
  }, 120_000);
});
