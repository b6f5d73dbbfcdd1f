import { describe, expect, it } from 'vitest';
import { rag } from './rag.ts';

describe('rag', () => {
  const e = { value: 80, lower: 76, upper: 84 };
  it('applies the documented rule when high is good', () => {
    expect(rag(e, 80, 'high-is-good')).toBe('green');
    expect(rag(e, 82, 'high-is-good')).toBe('amber');
    expect(rag(e, 85, 'high-is-good')).toBe('red');
  });
  it('applies the documented rule when low is good', () => {
    expect(rag(e, 80, 'low-is-good')).toBe('green');
    expect(rag(e, 78, 'low-is-good')).toBe('amber');
    expect(rag(e, 75, 'low-is-good')).toBe('red');
  });
  it('reports no-target', () => {
    expect(rag(e, null, 'high-is-good')).toBe('no-target');
    expect(rag(e, 80, 'no-judgement')).toBe('no-target');
  });
});
