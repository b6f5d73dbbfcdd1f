/** Dates as the pages write them. */

/** A calendar date (YYYY-MM-DD) in words: "12 September 2018". */
export function longDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
