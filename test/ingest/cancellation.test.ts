/**
 * Cancelling an ingest (the upload page's Cancel once the server has the file): the streamed reader
 * looks at the AbortSignal between rows and stops part-way through the file, and the load keeps
 * nothing of it; the check itself looks at the signal only every so many rows. DuckDB's own read
 * (the native path) is interrupted or stopped at the check after it, and does not fall back to the
 * streamed reader.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../pipeline/errors.ts';
import { rowCancelCheck, ROWS_BETWEEN_CHECKS } from '../../pipeline/ingest/cancellation.ts';
import { temporaryObservatoryPerFile, writeExtract } from '../support/temp-observatory.ts';
import { FIRE_HEADER, POLICE_HEADER, fireRow, policeRow, render } from './support/extracts.ts';

/** Enough rows for several of the reader's ~1 MB chunks, so a cancel in the first leaves most unread. */
const ROWS = 30_000;

const temp = temporaryObservatoryPerFile();

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
    const file = await writeExtract(temp().dir, 'fire-big.csv', bytes);
    const counts = async () => ({
      extracts: await temp().count('extract_log'),
      fire: await temp().count('fire_incidents'),
      quarantine: await temp().count('quarantine'),
    });
    const before = await counts();

    const controller = new AbortController();
    let rowsSeen = 0;
    const cancelled = temp().ingest(file, {
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

    const again = await temp().ingest(file, { reader: 'streaming' });
    expect(again).toMatchObject({ status: 'loaded', rowsRead: ROWS, rowsLoaded: ROWS });
  }, 120_000);
});

describe('a native ingest cancelled during DuckDB’s read', () => {
  it('stops without falling back to the streamed reader, and keeps nothing', async () => {
    const rows = 20_000;
    const bytes = render(POLICE_HEADER, Array.from({ length: rows }, (_, i) => policeRow({ 'Crime ID': `c${String(i).padStart(63, '0')}`, Month: '2019-08' }))).bytes;
    const file = await writeExtract(temp().dir, 'police-big.csv', bytes);
    const counts = async () => ({ extracts: await temp().count('extract_log'), police: await temp().count('police_street_crime'), quarantine: await temp().count('quarantine') });
    const before = await counts();
    const controller = new AbortController();
    const readers: string[] = [];
    const cancelled = temp().ingest(file, {
      onReader: (reader) => readers.push(reader),
      // The byte scan reports while DuckDB reads: cancel then (the statement is interrupted, or the check after it throws).
      onProgress: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    expect(readers).toEqual(['native']);
    expect(await counts()).toEqual(before);
    const again = await temp().ingest(file);
    expect(again).toMatchObject({ status: 'loaded', rowsRead: rows, rowsLoaded: rows });
  }, 120_000);
});
