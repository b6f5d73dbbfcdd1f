/**
 * The words for the API's judgements: comparison with a benchmark, direction
 * of travel and RAG status. Every badge on a page carries these words, so no
 * judgement is told by colour alone.
 */
import type { Comparison, Trend } from '../api/client.ts';

export type Tone = 'good' | 'bad' | 'neutral' | 'none';

export interface Judgement {
  text: string;
  tone: Tone;
}

/** How an area compares with its benchmark (`benchmarkName`), in words. */
export function comparisonJudgement(comparison: Comparison | null | undefined, benchmarkName: string): Judgement {
  if (comparison === null || comparison === undefined) return { text: 'Not compared', tone: 'none' };
  switch (comparison.judgement) {
    case 'better':
      return { text: `Significantly better than ${benchmarkName}`, tone: 'good' };
    case 'worse':
      return { text: `Significantly worse than ${benchmarkName}`, tone: 'bad' };
    case 'similar':
      return { text: `Similar to ${benchmarkName}`, tone: 'neutral' };
    default:
      if (comparison.significance === 'higher') return { text: `Significantly higher than ${benchmarkName} (not judged)`, tone: 'neutral' };
      if (comparison.significance === 'lower') return { text: `Significantly lower than ${benchmarkName} (not judged)`, tone: 'neutral' };
      return { text: `Similar to ${benchmarkName}`, tone: 'neutral' };
  }
}

/** The direction of travel over the last periods (a significance test), in words. */
export function trendJudgement(trend: Trend | null | undefined): Judgement {
  if (trend === null || trend === undefined || trend.direction === 'cannot-calculate') {
    return { text: 'Trend not calculated (too few periods, or some withheld)', tone: 'none' };
  }
  if (trend.direction === 'no-change') return { text: 'No significant change', tone: 'neutral' };
  const moving = trend.direction === 'increasing' ? 'increasing' : 'decreasing';
  if (trend.judgement === 'better') return { text: `Getting better (significantly ${moving})`, tone: 'good' };
  if (trend.judgement === 'worse') return { text: `Getting worse (significantly ${moving})`, tone: 'bad' };
  return { text: `Significantly ${moving}`, tone: 'neutral' };
}

/** The RAG status against the partnership's target, in words; null when there is no target. */
export function ragJudgement(rag: string | null | undefined): Judgement | null {
  switch (rag) {
    case 'green':
      return { text: 'Green: meets the target', tone: 'good' };
    case 'amber':
      return { text: 'Amber: misses the target, but not significantly', tone: 'neutral' };
    case 'red':
      return { text: 'Red: significantly misses the target', tone: 'bad' };
    default:
      return null;
  }
}

/** A badge: the judgement's words with a mark and colour for its tone. */
export function badge(judgement: Judgement): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = `badge badge-${judgement.tone}`;
  element.textContent = judgement.text;
  return element;
}

/** A measure of success's (or a priority's) RAG, in the words of the API's rule. */
export function measureRagJudgement(rag: string): Judgement {
  switch (rag) {
    case 'green':
      return { text: 'Green: on track', tone: 'good' };
    case 'amber':
      return { text: 'Amber: off track, but improving', tone: 'neutral' };
    case 'red':
      return { text: 'Red: off track and not improving', tone: 'bad' };
    default:
      return { text: 'Not assessed yet', tone: 'none' };
  }
}

/** A risk score in its band: "Red 16 (high)", the band's colour always with its words. */
export function riskScoreJudgement(score: { rag: string; score: number; band: string }): Judgement {
  const band = score.band.split(':')[0]?.trim().toLowerCase() ?? '';
  const word = score.rag === 'red' ? 'Red' : score.rag === 'amber' ? 'Amber' : 'Green';
  const tone: Tone = score.rag === 'red' ? 'bad' : score.rag === 'amber' ? 'neutral' : 'good';
  return { text: `${word} ${score.score}${band === '' ? '' : ` (${band})`}`, tone };
}
