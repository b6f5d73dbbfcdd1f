/** Scores on the partnership's matrix: likelihood × impact, its RAG band, and how it moved. */
import type { ScorePair, ScoringMatrix } from './risks.ts';

export type RiskRag = 'green' | 'amber' | 'red';
export type Movement = 'first review' | 'up' | 'down' | 'no change in score';

/** A scored pair as the register shows it. */
export type Score = ScorePair & { score: number; rag: RiskRag; band: string; likelihoodLabel: string; impactLabel: string };

/** likelihood × impact, with the band it falls in (the bands cover every product, checked at load). */
export function scoreOf(matrix: ScoringMatrix, pair: ScorePair): Score {
  const score = pair.likelihood * pair.impact;
  const band = matrix.bands.find((b) => score >= b.from && score <= b.to);
  if (!band) throw new RangeError(`score ${score} is in no band of the matrix`);
  return {
    ...pair,
    score,
    rag: band.rag,
    band: band.label,
    likelihoodLabel: matrix.likelihood.find((p) => p.score === pair.likelihood)?.label ?? String(pair.likelihood),
    impactLabel: matrix.impact.find((p) => p.score === pair.impact)?.label ?? String(pair.impact),
  };
}

/** How a score moved from the previous review: up (worse), down (better) or "no change in score". */
export function movement(previous: number | null, current: number): Movement {
  if (previous === null) return 'first review';
  if (current > previous) return 'up';
  if (current < previous) return 'down';
  return 'no change in score';
}
