/**
 * The strategic risk register at a glance, as the dashboard and the board report show it, as the
 * partnerships' own reports do: each risk with its inherent, target and current score and band, its
 * previous scores by review date, how the latest review moved the score (and from what), and beside
 * it what the linked indicators did over the same time; highest current score first.
 */
import type { Risk, RiskList } from '../api/client.ts';
import { longDate } from '../format/dates.ts';
import { badge, riskScoreJudgement, type Judgement } from '../format/judgements.ts';
import { scrollingRegion } from './charts/chart-figure.ts';
import { el, labelCells, link, tableHead } from './dom.ts';

/** One risk's line in the summary. */
export interface RiskLine {
  id: string;
  title: string;
  owner: string;
  inherent: Judgement;
  target: Judgement;
  current: Judgement;
  /** The date of its latest review (by the register's date). */
  reviewed: string;
  /** The reviews before the latest, newest first. */
  previous: Array<{ date: string; score: Judgement }>;
  /** What each linked indicator did between the review before the latest and the latest. */
  evidence: Judgement[];
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

const VERDICTS: Record<string, Judgement['tone']> = { better: 'good', worse: 'bad', 'no significant change': 'neutral', higher: 'neutral', lower: 'neutral' };

/**
 * What a linked indicator did between the last two reviews, in words: "Violence and sexual offences:
 * significantly better (Aug 2018, then Mar 2019)". Its area is named unless it is `partnershipName`.
 */
export function evidenceSinceLastReview(linked: Risk['linkedIndicators'][number], partnershipName?: string): Judgement {
  const area = linked.areaName ?? linked.area;
  const name = area === partnershipName ? linked.title : `${linked.title} (${area})`;
  const at = linked.atReviews.at(-1);
  const before = linked.atReviews.at(-2);
  if (at === undefined || at.value === null || at.label === null) return { text: `${name}: no published figure yet`, tone: 'none' };
  if (at.change === null) {
    const why = before === undefined ? 'first review' : before.label === at.label ? 'no newer figure' : 'no earlier figure to compare';
    return { text: `${name}: ${why} (${at.label})`, tone: 'none' };
  }
  const verdict = at.change.verdict;
  const words = verdict === 'no significant change' ? verdict : `significantly ${verdict}`;
  return { text: `${name}: ${words} (${before?.label ?? 'the previous review'}, then ${at.label})`, tone: VERDICTS[verdict] ?? 'neutral' };
}

/** Every risk, highest current score first (then by title), with its movement and target in words. */
export function riskLines(list: RiskList, partnershipName?: string): RiskLine[] {
  const sorted = [...list.risks].sort((a, b) => b.current.score - a.current.score || a.title.localeCompare(b.title, 'en-GB'));
  return sorted.map((risk) => {
    const aboveTarget = risk.current.score > risk.target.score;
    return {
      id: risk.id,
      title: risk.title,
      owner: risk.owner.name === undefined ? risk.owner.role : `${risk.owner.role} (${risk.owner.name})`,
      inherent: riskScoreJudgement(risk.inherent),
      target: riskScoreJudgement(risk.target),
      current: riskScoreJudgement(risk.current),
      reviewed: risk.current.date,
      previous: risk.reviews.slice(1).map((review) => ({ date: review.date, score: riskScoreJudgement(review) })),
      evidence: risk.linkedIndicators.map((linked) => evidenceSinceLastReview(linked, partnershipName)),
      change: changeSinceLastReview(risk),
      againstTarget: `${aboveTarget ? 'Above' : 'At or below'} its target of ${risk.target.score}`,
      aboveTarget,
    };
  });
}

/** The summary table; each risk links to its row of /risks. Linked indicators name their area unless it is `partnershipName`. */
export function riskSummary(list: RiskList, options: { idPrefix: string; caption: string; partnershipName: string }): HTMLElement {
  const lines = riskLines(list, options.partnershipName);
  if (lines.length === 0) return el('p', null, `No risk had been reviewed by ${longDate(list.asAt)}.`);
  const body = el('tbody');
  for (const line of lines) {
    const previous =
      line.previous.length === 0
        ? el('span', 'figure-note', 'None: first review')
        : el('ul', 'risk-previous-scores', ...line.previous.map((review) => el('li', null, `${longDate(review.date)}: `, badge(review.score))));
    const evidence =
      line.evidence.length === 0 ? el('span', 'figure-note', 'No linked indicator') : el('ul', 'risk-evidence', ...line.evidence.map((judgement) => el('li', null, badge(judgement))));
    body.append(
      el(
        'tr',
        { 'data-risk': line.id },
        el('th', { scope: 'row' }, link(`/risks#risk-${encodeURIComponent(line.id)}`, line.title), el('span', 'figure-note', `Owner: ${line.owner}`)),
        el('td', { 'data-score': 'inherent' }, badge(line.inherent)),
        el('td', { 'data-score': 'target' }, badge(line.target)),
        el('td', { 'data-score': 'current' }, badge(line.current), el('span', 'figure-note', `Reviewed ${longDate(line.reviewed)}; ${line.againstTarget.charAt(0).toLowerCase()}${line.againstTarget.slice(1)}`)),
        el('td', { 'data-column': 'previous' }, previous),
        el('td', { 'data-column': 'movement' }, badge(line.change)),
        el('td', { 'data-column': 'evidence' }, evidence),
      ),
    );
  }
  const columns = ['Risk', 'Inherent', 'Target', 'Current', 'Previous scores', 'Since the last review', 'What the linked indicators did'];
  for (const row of body.rows) labelCells(row, columns);
  const table = el('table', { class: 'data-table risk-summary stack-on-phone', id: `${options.idPrefix}-table` }, el('caption', null, options.caption), tableHead(columns), body);
  return scrollingRegion('table-wrap', options.caption, table);
}
