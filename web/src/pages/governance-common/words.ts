/** Words the governance pages share: roles, deadline levels, audit actions and dates as people read them. */
import type { AgreementDeadlines, Deadline } from '../../../../server/contract/index.ts';

/** A role in words. */
export function roleWords(role: string, partnerNames: Readonly<Record<string, string>> = {}): string {
  const fixed: Record<string, string> = { admin: 'Administrator', analyst: 'Analyst', executive: 'Executive', public: 'Public' };
  if (fixed[role]) return fixed[role];
  const partner = role.startsWith('partner:') ? role.slice('partner:'.length) : null;
  return partner === null ? role : `Partner: ${partnerNames[partner] ?? partner}`;
}

const ACTIONS: Record<string, string> = {
  'read-figures': 'Read figures',
  'read-lineage': 'Read where a figure came from',
  'read-profile': 'Read an area profile',
  'read-multi-agency': 'Read the multi-agency view',
  'read-serious-violence': 'Read the serious-violence view',
  'read-catalogue': 'Read the list of indicators',
  'list-extracts': 'Listed extracts',
  'read-extract-report': 'Read an extract’s report',
  'read-quarantine': 'Read an extract’s quarantined rows',
  'read-data-quality': 'Read a dataset’s quality over time',
  'read-priorities': 'Read the priorities and their measures of success',
  'read-risks': 'Read the risk register',
  'read-interventions': 'Read interventions and their evaluation',
};

/** An audit action in words (unknown ones as they are). */
export function actionWords(action: string): string {
  return ACTIONS[action] ?? action.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase());
}

/** What a read drew on when it was not about one indicator: a profile, a view or the catalogue shows several. */
const SEVERAL: Record<string, string> = {
  'read-profile': 'Every indicator in the profile',
  'read-multi-agency': 'Every input of the view',
  'read-serious-violence': 'Both inputs of the view',
  'read-catalogue': 'Every indicator listed (periods and areas, no figures)',
  'read-priorities': 'Every measure of success with a figure',
  'read-risks': 'Every linked indicator with a figure',
  'read-interventions': 'Every indicator evaluated',
};

/** The indicator column of a usage row in words: the indicator, what a profile, view or the catalogue drew on, or a dash. */
export function usageIndicatorWords(action: string, indicator: string | null): string {
  return indicator ?? SEVERAL[action] ?? '–';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2030-03-31 as 31 Mar 2030; a timestamp keeps its time (UTC). */
export function shortDate(value: string): string {
  const [day, time] = value.split('T');
  const [year, month, date] = (day ?? '').split('-').map(Number);
  const text = `${date} ${MONTHS[(month ?? 1) - 1]} ${year}`;
  return time ? `${text}, ${time.slice(0, 5)} UTC` : text;
}

function deadlineWords(kind: 'Ends' | 'Review', deadline: Deadline): string {
  const days = Math.abs(deadline.daysLeft);
  const span = `${days} ${days === 1 ? 'day' : 'days'}`;
  if (deadline.level === 'passed') return kind === 'Ends' ? `Ended ${span} ago` : `Review overdue by ${span}`;
  return kind === 'Ends' ? `Ends in ${span}` : `Review due in ${span}`;
}

/** The status of an agreement in a few words, and its level: what the badge says. */
export function deadlineSummary(deadlines: AgreementDeadlines): { level: Deadline['level']; text: string } {
  const flagged = [
    deadlines.validity.level !== 'ok' ? deadlineWords('Ends', deadlines.validity) : null,
    deadlines.review && deadlines.review.level !== 'ok' ? deadlineWords('Review', deadlines.review) : null,
  ].filter((t): t is string => t !== null);
  if (flagged.length === 0) return { level: 'ok', text: deadlines.inForce ? 'In force' : 'Not in force' };
  return { level: deadlines.level, text: flagged.join('; ') };
}
