import { describe, expect, it } from 'vitest';
import { actionWords, deadlineSummary, roleWords, shortDate, usageIndicatorWords } from './words.ts';

describe('governance words', () => {
  it('names roles, actions and dates as people read them', () => {
    expect(roleWords('partner:police', { police: 'Lancashire Constabulary' })).toBe('Partner: Lancashire Constabulary');
    expect(roleWords('admin')).toBe('Administrator');
    expect(actionWords('read-figures')).toBe('Read figures');
    expect(actionWords('add-user')).toBe('Add user');
    expect(actionWords('read-profile')).toBe('Read an area profile');
    expect(actionWords('read-catalogue')).toBe('Read the list of indicators');
    expect(actionWords('read-data-quality')).toBe('Read a dataset’s quality over time');
    expect(shortDate('2030-03-31')).toBe('31 Mar 2030');
    expect(shortDate('2026-12-07T09:05:33.120Z')).toBe('7 Dec 2026, 09:05 UTC');
  });

  it('says what a usage row drew on: its indicator, or for a profile, view or the catalogue, several', () => {
    expect(usageIndicatorWords('read-figures', 'all-crime')).toBe('all-crime');
    expect(usageIndicatorWords('read-profile', null)).toBe('Every indicator in the profile');
    expect(usageIndicatorWords('read-catalogue', null)).toMatch(/^Every indicator listed/);
    expect(usageIndicatorWords('list-extracts', null)).toBe('–');
  });

  it('summarises deadlines: in force, a review due, an end passed', () => {
    const ok = { on: '2030-03-31', daysLeft: 1200, level: 'ok' as const };
    expect(deadlineSummary({ inForce: true, validity: ok, review: null, level: 'ok' })).toEqual({ level: 'ok', text: 'In force' });
    expect(deadlineSummary({ inForce: true, validity: ok, review: { on: '2026-12-18', daysLeft: 25, level: 'within-30-days' }, level: 'within-30-days' })).toEqual({
      level: 'within-30-days',
      text: 'Review due in 25 days',
    });
    expect(deadlineSummary({ inForce: false, validity: { on: '2026-11-20', daysLeft: -1, level: 'passed' }, review: null, level: 'passed' }).text).toBe('Ended 1 day ago');
  });
});
