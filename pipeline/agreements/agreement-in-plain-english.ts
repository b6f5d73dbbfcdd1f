/**
 * An agreement in plain English, generated from its definition alone, so what a
 * partner reads is exactly what the code enforces. Pure: the caller supplies
 * today, the indicators built on it, the retention schedule and partner names.
 */
import { agreementDeadlines, daysBetween, type Deadline } from './agreement-deadlines.ts';
import type { Agreement } from './agreement-schema.ts';

/** What the text needs beyond the agreement. */
export type PlainEnglishContext = {
  today: string;
  /** Indicators built on the agreement's dataset, by title. */
  indicators: readonly { id: string; title: string }[];
  /** The day the purge is next due for its raw rows, or null when none are held. */
  nextPurgeDue: string | null;
  /** Partner ids to names, for roles such as partner:police. */
  partnerNames: Readonly<Record<string, string>>;
};

/** One part of the text: a heading and its sentences. */
export type PlainEnglishSection = {
  id: 'purpose' | 'signatories' | 'validity' | 'fields' | 'publication' | 'retention' | 'access' | 'indicators';
  heading: string;
  sentences: string[];
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A day as people write it: 31 March 2030. */
export function longDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${date} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** "in 67 days", "tomorrow", "today", "yesterday", "12 days ago". */
export function relativeDays(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft === -1) return 'yesterday';
  return daysLeft > 0 ? `in ${daysLeft.toLocaleString('en-GB')} days` : `${(-daysLeft).toLocaleString('en-GB')} days ago`;
}

/** A list as a sentence: "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'whole number',
  number: 'number',
  boolean: 'yes or no',
  date: 'date',
  datetime: 'date and time',
};

const GEOGRAPHY_WORDS: Record<Agreement['geography']['finest'], string> = {
  lsoa: 'neighbourhoods (LSOAs, Lower layer Super Output Areas of about 1,500 residents)',
  ward: 'electoral wards',
  lad: 'local authority districts',
};

/** Who a role is, in words. */
function roleInWords(role: string, agreement: Agreement, partnerNames: Readonly<Record<string, string>>): string {
  switch (role) {
    case 'admin':
      return 'administrators';
    case 'analyst':
      return 'analysts';
    case 'executive':
      return 'executives';
    case 'public':
      return 'the public';
    default: {
      const partner = role.slice('partner:'.length);
      if (partner === agreement.partner) return `${agreement.partnerName} (the partner itself)`;
      return partnerNames[partner] ?? `partner "${partner}"`;
    }
  }
}

function whoMay(roles: readonly string[], agreement: Agreement, partnerNames: Readonly<Record<string, string>>): string {
  return roles.length === 0 ? 'nobody' : listInWords(roles.map((role) => roleInWords(role, agreement, partnerNames)));
}

function fieldList(fields: readonly { name: string; type: string }[]): string {
  return listInWords(fields.map((f) => `${f.name} (${TYPE_WORDS[f.type] ?? f.type})`));
}

function validitySentences(agreement: Agreement, today: string, validity: Deadline): string[] {
  const span = `It is in force from ${longDate(agreement.validFrom)} to ${longDate(agreement.validTo)}.`;
  if (today < agreement.validFrom) return [span, `It is not in force yet: it starts ${relativeDays(daysBetween(today, agreement.validFrom))}.`];
  switch (validity.level) {
    case 'passed':
      return [span, `It ended ${relativeDays(validity.daysLeft)}: no new extract can be loaded under it, and the figures built on it are withdrawn until it is renewed.`];
    case 'within-30-days':
    case 'within-90-days':
      return [span, `Warning: it ends ${relativeDays(validity.daysLeft)}. Renew it before ${longDate(agreement.validTo)}, or no new extract can be loaded and the figures built on it will be withdrawn.`];
    case 'ok':
      return [span];
  }
}

function reviewSentence(review: Deadline | null): string {
  if (review === null) return 'It names no review date.';
  switch (review.level) {
    case 'passed':
      return `Warning: its review was due on ${longDate(review.on)} (${relativeDays(review.daysLeft)}) and has not been recorded as done.`;
    case 'within-30-days':
    case 'within-90-days':
      return `Warning: it is due for review on ${longDate(review.on)} (${relativeDays(review.daysLeft)}).`;
    case 'ok':
      return `It is due for review on ${longDate(review.on)}.`;
  }
}

function thresholdSentence(threshold: number): string {
  if (threshold <= 1) return 'There is no small-number threshold: every count may be published.';
  const range = threshold === 2 ? 'a count of 1' : `any count from 1 to ${threshold - 1}`;
  return `Small numbers are withheld: ${range} is not published, nor is any rate built on it, and further figures are withheld where it could be worked out by subtraction.`;
}

function retentionSentences(agreement: Agreement, nextPurgeDue: string | null): string[] {
  const days = agreement.retentionDays;
  const years = days % 365 === 0 ? ` (${days / 365} ${days === 365 ? 'year' : 'years'})` : '';
  const kept = `Raw rows are kept for ${days.toLocaleString('en-GB')} days${years} from the day each extract is loaded, then deleted by the purge; published figures are kept.`;
  const next = nextPurgeDue === null ? 'No raw rows are held under it at the moment.' : `The next purge of its raw rows is due on ${longDate(nextPurgeDue)}.`;
  return [kept, next];
}

/** The agreement as plain-English sections, in the order a partner reads them. */
export function agreementInPlainEnglish(agreement: Agreement, context: PlainEnglishContext): PlainEnglishSection[] {
  const { validity, review } = agreementDeadlines(agreement, context.today);
  const { kept, pseudonymised, dropped } = agreement.fields;
  const signed = agreement.signatories.map((s) => `${s.name} (${s.role}, ${s.organisation}) on ${longDate(s.signedOn)}`);
  return [
    {
      id: 'purpose',
      heading: 'Why the data is shared',
      sentences: [
        `${agreement.partnerName} shares its ${agreement.dataset} data with the partnership for this purpose: ${agreement.purpose.replace(/\.?$/, '.')}`,
        `The lawful basis is ${agreement.lawfulBasis.replace(/\.?$/, '.')}`,
      ],
    },
    {
      id: 'signatories',
      heading: 'Who signed it',
      sentences: [`Version ${agreement.version} was signed by ${listInWords(signed)}.`],
    },
    { id: 'validity', heading: 'When it applies', sentences: [...validitySentences(agreement, context.today, validity), reviewSentence(review)] },
    {
      id: 'fields',
      heading: 'What is kept',
      sentences: [
        `Kept as sent: ${fieldList(kept)}.`,
        pseudonymised.length === 0
          ? 'No field is pseudonymised.'
          : `Replaced by a keyed code before storage, so records can be linked but the value cannot be read back: ${fieldList(pseudonymised)}. The key is held outside the database.`,
        dropped.length === 0 ? 'No field is dropped: nothing beyond what is kept is expected.' : `Dropped before anything is stored, and never written to the database: ${listInWords(dropped)}.`,
      ],
    },
    {
      id: 'publication',
      heading: 'What may be published',
      sentences: [
        `Figures are published for areas no smaller than ${GEOGRAPHY_WORDS[agreement.geography.finest]}.`,
        thresholdSentence(agreement.suppression.threshold),
        agreement.suppression.rounding === null
          ? 'Published counts are not rounded.'
          : `Published counts are rounded to the nearest ${agreement.suppression.rounding.base}, after small numbers are withheld.`,
      ],
    },
    { id: 'retention', heading: 'How long raw rows are kept', sentences: retentionSentences(agreement, context.nextPurgeDue) },
    {
      id: 'access',
      heading: 'Who may see what',
      sentences: [
        `Raw rows, including rows set aside in quarantine, may be seen by ${whoMay(agreement.access.rawRows, agreement, context.partnerNames)}.`,
        `Aggregated figures may be seen by ${whoMay(agreement.access.aggregates, agreement, context.partnerNames)}.`,
      ],
    },
    {
      id: 'indicators',
      heading: 'Indicators built on it',
      sentences: [
        context.indicators.length === 0
          ? 'No indicator is built on it yet.'
          : `${context.indicators.length === 1 ? 'One indicator is' : `${context.indicators.length} indicators are`} built on it: ${listInWords(context.indicators.map((i) => i.title))}.`,
      ],
    },
  ];
}
