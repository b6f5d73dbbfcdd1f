import { describe, expect, it } from 'vitest';
import { movement, scoreOf } from './risk-scoring.ts';
import type { ScoringMatrix } from './risks.ts';

const matrix: ScoringMatrix = {
  likelihood: [1, 2, 3, 4, 5].map((score) => ({ score, label: `L${score}` })),
  impact: [1, 2, 3, 4, 5].map((score) => ({ score, label: `I${score}` })),
  bands: [
    { rag: 'green', from: 1, to: 6, label: 'low' },
    { rag: 'amber', from: 7, to: 14, label: 'medium' },
    { rag: 'red', from: 15, to: 25, label: 'high' },
  ],
};

describe('scoreOf', () => {
  it('multiplies likelihood by impact and reads the band from the partnership matrix', () => {
    expect(scoreOf(matrix, { likelihood: 2, impact: 3 })).toMatchObject({ score: 6, rag: 'green', likelihoodLabel: 'L2', impactLabel: 'I3' });
    expect(scoreOf(matrix, { likelihood: 2, impact: 4 })).toMatchObject({ score: 8, rag: 'amber', band: 'medium' });
    expect(scoreOf(matrix, { likelihood: 3, impact: 5 })).toMatchObject({ score: 15, rag: 'red' });
    expect(scoreOf(matrix, { likelihood: 5, impact: 5 }).rag).toBe('red');
  });

  it('follows the partnership’s own bands, not fixed ones', () => {
    const strict: ScoringMatrix = { ...matrix, bands: [{ rag: 'green', from: 1, to: 3, label: 'low' }, { rag: 'amber', from: 4, to: 8, label: 'medium' }, { rag: 'red', from: 9, to: 25, label: 'high' }] };
    expect(scoreOf(strict, { likelihood: 3, impact: 3 }).rag).toBe('red');
    expect(scoreOf(matrix, { likelihood: 3, impact: 3 }).rag).toBe('amber');
  });
});

describe('movement', () => {
  it('says up, down or "no change in score" against the previous review', () => {
    expect(movement(null, 12)).toBe('first review');
    expect(movement(12, 16)).toBe('up');
    expect(movement(16, 12)).toBe('down');
    expect(movement(12, 12)).toBe('no change in score');
  });

  it('compares scores, not their parts: 3×4 after 4×3 is no change', () => {
    expect(movement(scoreOf(matrix, { likelihood: 4, impact: 3 }).score, scoreOf(matrix, { likelihood: 3, impact: 4 }).score)).toBe('no change in score');
  });
});
