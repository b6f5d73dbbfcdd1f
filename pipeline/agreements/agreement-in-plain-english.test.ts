import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementDeadlines } from './agreement-deadlines.ts';
import { agreementInPlainEnglish, listInWords, longDate, relativeDays, type PlainEnglishContext } from './agreement-in-plain-english.ts';
import { agreementSchema, type Agreement } from './agreement-schema.ts';

const dir = new URL('../../datasets/chorley-south-ribble/agreements/', import.meta.url);
function pilot(name: string): Agreement {
  return agreementSchema.parse(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
}

const context: PlainEnglishContext = {
  today: '2026-11-23',
  indicators: [
    { id: 'all-crime', title: 'All recorded crime' },
    { id: 'burglary', title: 'Burglary' },
  ],
  nextPurgeDue: '2036-11-21',
  partnerNames: { police: 'Lancashire Constabulary', fire: 'Lancashire Fire and Rescue Service' },
};

function sentences(agreement: Agreement, ctx: PlainEnglishContext = context): Record<string, string[]> {
  return Object.fromEntries(agreementInPlainEnglish(agreement, ctx).map((s) => [s.id, s.sentences]));
}

describe('dates and lists in words', () => {
  it('writes days as people do, relative days, and lists with "and"', () => {
    expect(longDate('2030-03-31')).toBe('31 March 2030');
    expect(longDate('2017-01-05')).toBe('5 January 2017');
    expect([relativeDays(0), relativeDays(1), relativeDays(-1), relativeDays(67), relativeDays(-1200)]).toEqual(['today', 'tomorrow', 'yesterday', 'in 67 days', '1,200 days ago']);
    expect([listInWords([]), listInWords(['a']), listInWords(['a', 'b']), listInWords(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});

describe('agreementInPlainEnglish: each field becomes its sentence', () => {
  const police = pilot('police-street-crime.json');

  it('says the purpose, the lawful basis and who signed on which day', () => {
    const text = sentences(police);
    expect(text.purpose?.[0]).toContain(police.purpose);
    expect(text.purpose?.[1]).toBe(`The lawful basis is ${police.lawfulBasis.replace(/\.?$/, '.')}`);
    const [first, second] = police.signatories;
    expect(text.signatories?.[0]).toBe(
      `Version ${police.version} was signed by ${first?.name} (${first?.role}, ${first?.organisation}) on ${longDate(first?.signedOn ?? '')} and ${second?.name} (${second?.role}, ${second?.organisation}) on ${longDate(second?.signedOn ?? '')}.`,
    );
  });

  it('lists the fields kept (with their types), pseudonymised and dropped', () => {
    const text = sentences(police);
    expect(text.fields?.[0]).toMatch(/^Kept as sent: reported_by \(text\), .*longitude \(number\).* and last_outcome_category \(text\)\.$/);
    expect(text.fields?.[1]).toMatch(/^Replaced by a keyed code before storage.*: crime_id \(text\)\./);
    expect(text.fields?.[2]).toBe('Dropped before anything is stored, and never written to the database: context.');
    const health = sentences(pilot('health-activity.json'));
    expect(health.fields?.slice(1)).toEqual(['No field is pseudonymised.', 'No field is dropped: nothing beyond what is kept is expected.']);
  });

  it('states the finest geography, the threshold as the counts it withholds, and rounding', () => {
    const health = pilot('health-activity.json'); // threshold 5, no rounding
    const text = sentences(health);
    expect(text.publication?.[0]).toMatch(/no smaller than neighbourhoods \(LSOAs/);
    expect(text.publication?.[1]).toMatch(/^Small numbers are withheld: any count from 1 to 4 is not published/);
    expect(text.publication?.[2]).toBe('Published counts are not rounded.');
    const rounded: Agreement = { ...health, geography: { finest: 'ward' }, suppression: { threshold: 2, rounding: { base: 5 } } };
    const other = sentences(rounded);
    expect(other.publication).toEqual([
      'Figures are published for areas no smaller than electoral wards.',
      expect.stringMatching(/^Small numbers are withheld: a count of 1 is not published/),
      'Published counts are rounded to the nearest 5, after small numbers are withheld.',
    ]);
    expect(sentences(police).publication?.[1]).toBe('There is no small-number threshold: every count may be published.');
  });

  it('gives the retention in days and years and the next purge date, or says no raw rows are held', () => {
    expect(sentences(police).retention).toEqual([
      'Raw rows are kept for 3,650 days (10 years) from the day each extract is loaded, then deleted by the purge; published figures are kept.',
      'The next purge of its raw rows is due on 21 November 2036.',
    ]);
    const none = sentences({ ...police, retentionDays: 400 }, { ...context, nextPurgeDue: null });
    expect(none.retention).toEqual([
      'Raw rows are kept for 400 days from the day each extract is loaded, then deleted by the purge; published figures are kept.',
      'No raw rows are held under it at the moment.',
    ]);
  });

  it('names who may see raw rows and who aggregates, the partner itself and the public included', () => {
    expect(sentences(police).access).toEqual([
      'Raw rows, including rows set aside in quarantine, may be seen by administrators, analysts and Lancashire Constabulary (the partner itself).',
      'Aggregated figures may be seen by administrators, analysts, executives, Lancashire Constabulary (the partner itself) and the public.',
    ]);
    const shared = sentences({ ...police, access: { rawRows: [], aggregates: ['partner:fire'] } });
    expect(shared.access).toEqual(['Raw rows, including rows set aside in quarantine, may be seen by nobody.', 'Aggregated figures may be seen by Lancashire Fire and Rescue Service.']);
  });

  it('lists the indicators built on it, or says there are none', () => {
    expect(sentences(police).indicators).toEqual(['2 indicators are built on it: All recorded crime and Burglary.']);
    expect(sentences(police, { ...context, indicators: [] }).indicators).toEqual(['No indicator is built on it yet.']);
  });
});

describe('validity and review: warnings as the end or the review approaches', () => {
  const base = pilot('fire-incidents.json');
  const at = (validTo: string, reviewOn: string | undefined, today: string) => {
    const agreement: Agreement = { ...base, validTo, ...(reviewOn === undefined ? { reviewOn: undefined } : { reviewOn }) };
    return { text: sentences(agreement, { ...context, today }).validity ?? [], deadlines: agreementDeadlines(agreement, today) };
  };

  it('says nothing alarming when both are more than 90 days away', () => {
    const { text, deadlines } = at('2030-03-31', '2027-03-31', '2026-11-23');
    expect(text).toEqual(['It is in force from 1 April 2017 to 31 March 2030.', 'It is due for review on 31 March 2027.']);
    expect(deadlines.level).toBe('ok');
    expect(deadlines.review?.daysLeft).toBe(128);
  });

  it('warns within 90 days, more urgently within 30, counting the end day as in time', () => {
    expect(at('2027-02-21', undefined, '2026-11-23').deadlines.validity).toEqual({ on: '2027-02-21', daysLeft: 90, level: 'within-90-days' });
    expect(at('2027-02-22', undefined, '2026-11-23').deadlines.validity.level).toBe('ok');
    const soon = at('2026-12-23', undefined, '2026-11-23');
    expect(soon.deadlines.validity).toEqual({ on: '2026-12-23', daysLeft: 30, level: 'within-30-days' });
    expect(soon.text[1]).toBe('Warning: it ends in 30 days. Renew it before 23 December 2026, or no new extract can be loaded and the figures built on it will be withdrawn.');
    expect(soon.text[2]).toBe('It names no review date.');
    expect(at('2026-11-23', undefined, '2026-11-23').deadlines.inForce).toBe(true);
  });

  it('says when it ended, and that its figures are withdrawn; and when a review is overdue', () => {
    const ended = at('2026-11-20', '2026-06-30', '2026-11-23');
    expect(ended.deadlines).toMatchObject({ inForce: false, level: 'passed' });
    expect(ended.text[1]).toBe('It ended 3 days ago: no new extract can be loaded under it, and the figures built on it are withdrawn until it is renewed.');
    expect(ended.text[2]).toBe('Warning: its review was due on 30 June 2026 (146 days ago) and has not been recorded as done.');
    const review = at('2030-03-31', '2026-12-10', '2026-11-23');
    expect(review.deadlines.level).toBe('within-30-days');
    expect(review.text[1]).toBe('Warning: it is due for review on 10 December 2026 (in 17 days).');
  });
});
