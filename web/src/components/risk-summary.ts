/**
 * The strategic risk register at a glance, as the dashboard and the board report show it: each risk
 * with its current score and band, how the score moved at its latest review (and from what), and
 * whether it is above the partnership's target score, highest risk first.
 */
import type { Risk, RiskList } from '../api/client.ts';
import { longDate } from '../format/dates.ts';
import { badge, riskScoreJudgement, type Judgement } from '../format/judgements.ts';
import { scrollingRegion } from './charts/chart-figure.ts';
import { el, link, tableHead } from './dom.ts';

/** One risk's line in the summary. */
export interface RiskLine {
  id: string;
  title: string;
  owner: string;
  current: Judgement;
  /** The date of its latest review (by the register's date). */
  reviewed: string;
  /** "Up from 12 (12 September 2018)": how the latest review moved the score. */
  change: Judgement;
  /** "Above its target of 6" or "At or below its target of 6". */
  againstTarget: string;
  aboveTarget: boolean;
}

/** How a risk's latest review moved its score, in words, with the review before it. */
export function changeSinceLastReview(risk: Pick<Risk, 'current' | 'reviews'>): Judgement {
  const { current } = risk;
  // Reviews are newest first: the second is the one the latest moved from.
  const before = risk.reviews[1];
  const since = before === undefined ? '' : ` (${longDate(before.date)})`;
  switch (current.movement) {
    case 'up':
      return { text: `Up from ${current.previousScore}${since}`, tone: 'bad' };
    case 'down':
      return { text: `Down from ${current.previousScore}${since}`, tone: 'good' };
    case 'no change in score':
      return { text: `No change since ${before === undefined ? 'the last review' : longDate(before.date)}`, tone: 'neutral' };
    default:
      return { text: 'First review', tone: 'none' };
  }
}

/** Every risk, highest current score first (then by title), with its movement and target in words. */
export function riskLines(list: RiskList): RiskLine[] {
  const sorted = [...list.risks].sort((a, b) => b.current.score - a.current.score || a.title.localeCompare(b.title, 'en-GB'));
  return sorted.map((risk) => {
    const aboveTarget = risk.current.score > risk.target.score;
    return {
      id: risk.id,
      title: risk.title,
      owner: risk.owner.name === undefined ? risk.owner.role : `${risk.owner.role} (${risk.owner.name})`,
      current: riskScoreJudgement(risk.current),
      reviewed: risk.current.date,
      change: changeSinceLastReview(risk),
      againstTarget: `${aboveTarget ? 'Above' : 'At or below'} its target of ${risk.target.score}`,
      aboveTarget,
    };
  });
}

/** The summary table; each risk links to its row of /risks. */
export function riskSummary(list: RiskList, options: { idPrefix: string; caption: string }): HTMLElement {
  const lines = riskLines(list);
  if (lines.length === 0) return el('p', null, `No risk had been reviewed by ${longDate(list.asAt)}.`);
  const body = el('tbody');
  for (const line of lines) {
    body.append(
      el(
        'tr',
        { 'data-risk': line.id },
        el('th', { scope: 'row' }, link(`/risks#risk-${encodeURIComponent(line.id)}`, line.title)),
        el('td', null, badge(line.current)),
        el('td', null, badge(line.change)),
        el('td', null, line.againstTarget),
        el('td', null, longDate(line.reviewed)),
        el('td', null, line.owner),
      ),
    );
  }
  const table = el(
    'table',
    { class: 'data-table risk-summary', id: `${options.idPrefix}-table` },
    el('caption', null, options.caption),
    tableHead(['Risk', 'Current score', 'Change since the last review', 'Against target', 'Last reviewed', 'Owner']),
    body,
  );
  return scrollingRegion('table-wrap', options.caption, table);
}
