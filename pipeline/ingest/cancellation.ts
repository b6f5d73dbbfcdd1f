/**
 * Cooperative cancellation of an ingest: the caller aborts an AbortSignal and
 * the load looks at it where stopping is safe (between rows, between
 * statements, before the commit), throwing CancelledError so the load's
 * transaction rolls back and nothing of the file is kept.
 */
import { CancelledError } from '../errors.ts';

/** What a cancelled ingest says when its canceller gave no words of its own. */
export const CANCELLED_MESSAGE = 'the upload was cancelled; nothing from it was loaded';

/** How many rows the streamed reader reads between two looks at the signal: a look is cheap, but not free per row. */
export const ROWS_BETWEEN_CHECKS = 1024;

/** The error a cancelled signal stands for: its reason when that is a CancelledError, else one with the standard message. */
export function cancelledErrorOf(signal: AbortSignal): CancelledError {
  const reason: unknown = signal.reason;
  return reason instanceof CancelledError ? reason : new CancelledError(CANCELLED_MESSAGE);
}

/** Throws the CancelledError of the signal if it was aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledErrorOf(signal);
}

/** A check to call once per row: it looks at the signal every `every` calls, and throws CancelledError once it was aborted. */
export function rowCancelCheck(signal: AbortSignal | undefined, every: number = ROWS_BETWEEN_CHECKS): () => void {
  if (!signal) return () => undefined;
  let rows = 0;
  return () => {
    if (++rows % every === 0) throwIfCancelled(signal);
  };
}
