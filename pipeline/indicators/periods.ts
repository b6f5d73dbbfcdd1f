/**
 * Reporting periods. Loaded rows carry the first day of their month; an
 * indicator's grain groups months into its periods. Period ids sort in time.
 */
export type Grain = 'month' | 'quarter' | 'financial-year' | 'rolling-12-months';

export type Period = { id: string; label: string; start: string; months: string[] };

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shiftMonth(month: string, by: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + by;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${year}-${String(mm + 1).padStart(2, '0')}`;
}

function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The periods of a grain that include a month (several for rolling windows). */
export function periodsContaining(grain: Grain, month: string): Period[] {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  switch (grain) {
    case 'month':
      return [{ id: month, label: monthLabel(month), start: month, months: [month] }];
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      const start = `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
      return [{ id: `${y}-Q${q}`, label: `${monthLabel(start)} to ${monthLabel(shiftMonth(start, 2))}`, start, months: [0, 1, 2].map((i) => shiftMonth(start, i)) }];
    }
    case 'financial-year': {
      const fy = m >= 4 ? y : y - 1;
      const start = `${fy}-04`;
      return [
        {
          id: `FY${fy}-${String((fy + 1) % 100).padStart(2, '0')}`,
          label: `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`,
          start,
          months: Array.from({ length: 12 }, (_, i) => shiftMonth(start, i)),
        },
      ];
    }
    case 'rolling-12-months':
      return Array.from({ length: 12 }, (_, i) => {
        const end = shiftMonth(month, i);
        const start = shiftMonth(end, -11);
        return { id: `12M-${end}`, label: `12 months to ${monthLabel(end)}`, start, months: Array.from({ length: 12 }, (_, k) => shiftMonth(start, k)) };
      });
  }
}

/**
 * The complete periods of a grain given the months every source covers: a
 * period is published only when each of its months has data from every source.
 */
export function completePeriods(grain: Grain, coveredMonths: ReadonlySet<string>): Period[] {
  const byId = new Map<string, Period>();
  for (const month of coveredMonths) {
    for (const period of periodsContaining(grain, month)) {
      if (!byId.has(period.id) && period.months.every((mm) => coveredMonths.has(mm))) byId.set(period.id, period);
    }
  }
  return [...byId.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** The human label of a period id ("2019-Q1" → "Jan 2019 to Mar 2019"). */
export function periodLabel(id: string): string {
  if (/^\d{4}-\d{2}$/.test(id)) return monthLabel(id);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) return periodsContaining('quarter', `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}`)[0]!.label;
  const fy = /^FY(\d{4})-(\d{2})$/.exec(id);
  if (fy) return `${fy[1]}/${fy[2]}`;
  const rolling = /^12M-(\d{4}-\d{2})$/.exec(id);
  if (rolling) return `12 months to ${monthLabel(rolling[1]!)}`;
  if (id === 'IoD2025') return 'Indices of Deprivation 2025';
  if (id === 'Census2021') return 'Census 2021';
  return id;
}

/** The months a period id covers, oldest first ("2019-Q1" → 2019-01…03); [] for reference periods. */
export function monthsOfPeriod(id: string): string[] {
  if (/^\d{4}-\d{2}$/.test(id)) return [id];
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) return periodsContaining('quarter', `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}`)[0]!.months;
  const fy = /^FY(\d{4})-(\d{2})$/.exec(id);
  // "FY2018-20" is no financial year: the second year must follow the first.
  if (fy) return (Number(fy[1]) + 1) % 100 === Number(fy[2]) ? periodsContaining('financial-year', `${fy[1]}-04`)[0]!.months : [];
  const rolling = /^12M-(\d{4}-\d{2})$/.exec(id);
  if (rolling) return periodsContaining('rolling-12-months', rolling[1]!)[0]!.months;
  return [];
}
