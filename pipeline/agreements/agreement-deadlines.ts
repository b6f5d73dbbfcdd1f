/**
 * How close an agreement is to its end or its review: the warning an admin and a
 * partner see, so a renewal is arranged before figures are withdrawn (an expired
 * agreement withdraws its dataset's figures, DESIGN.md §3).
 */
import type { Agreement } from './agreement-schema.ts';

/** Days before a deadline at which it is flagged, the nearer one first. */
export const WARNING_DAYS = { soon: 30, approaching: 90 } as const;

/** How near a deadline is: passed, within 30 days, within 90 days, or further off. */
export type DeadlineLevel = 'passed' | 'within-30-days' | 'within-90-days' | 'ok';

/** One dated deadline and how far off it is (negative once passed). */
export type Deadline = { on: string; daysLeft: number; level: DeadlineLevel };

/** An agreement's deadlines on a day: its end, its review (if it names one), and the worse of the two. */
export type AgreementDeadlines = {
  inForce: boolean;
  validity: Deadline;
  review: Deadline | null;
  level: DeadlineLevel;
};

const LEVEL_ORDER: readonly DeadlineLevel[] = ['passed', 'within-30-days', 'within-90-days', 'ok'];

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A deadline on `on` as seen on `today`: the end day itself still counts as in time. */
export function deadline(on: string, today: string): Deadline {
  const daysLeft = daysBetween(today, on);
  const level: DeadlineLevel = daysLeft < 0 ? 'passed' : daysLeft <= WARNING_DAYS.soon ? 'within-30-days' : daysLeft <= WARNING_DAYS.approaching ? 'within-90-days' : 'ok';
  return { on, daysLeft, level };
}

/** The worse of some levels. */
export function worstLevel(levels: readonly DeadlineLevel[]): DeadlineLevel {
  return LEVEL_ORDER.find((level) => levels.includes(level)) ?? 'ok';
}

/** An agreement's end and review deadlines on `today`. */
export function agreementDeadlines(agreement: Agreement, today: string): AgreementDeadlines {
  const validity = deadline(agreement.validTo, today);
  const review = agreement.reviewOn === undefined ? null : deadline(agreement.reviewOn, today);
  return {
    inForce: agreement.validFrom <= today && today <= agreement.validTo,
    validity,
    review,
    level: worstLevel([validity.level, review?.level ?? 'ok']),
  };
}
