/**
 * The day the observatory judges agreements, retention and lapses by. One Clock per open
 * observatory, so tests and commands that name a day (`purge --today`) set it in one way.
 */
import { z } from 'zod';
import { InputError } from './errors.ts';

/** Tells today's date as YYYY-MM-DD (UTC). */
export type Clock = { today(): string };

/** The real date (worked out again only once the day has ended: servers ask for it several times a request). */
export const systemClock: Clock = (() => {
  let day = '';
  let nextMidnight = 0;
  return {
    today: () => {
      const now = Date.now();
      // (Also when the system clock was set back before the day began.)
      if (now >= nextMidnight || now < nextMidnight - 86_400_000) {
        day = new Date(now).toISOString().slice(0, 10);
        nextMidnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      }
      return day;
    },
  };
})();

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD')
  .refine((day) => {
    // Runs after a failed regex too, where the Date is invalid.
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
  }, 'is not a day of the calendar');

/** A clock stopped on one day; refuses a day that is not a real YYYY-MM-DD date. */
export function fixedClock(day: string): Clock {
  const parsed = isoDay.safeParse(day);
  if (!parsed.success) throw new InputError(`today ${parsed.error.issues[0]?.message ?? 'is invalid'}`, { field: 'today' });
  return { today: () => parsed.data };
}
