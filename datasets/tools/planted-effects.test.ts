import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYearMonth } from './calendar.ts';
import { monthThinning, PLANTED_EFFECTS, resolvePlantedEffects, type PlantedEffect } from './planted-effects.ts';

const PILOT = join(import.meta.dirname, '..', 'chorley-south-ribble');
const effect: PlantedEffect = { intervention: 'test-programme', dataset: 'fire', records: 'Secondary fire, deliberate', indicator: 'deliberate-secondary-fires', rateRatio: 0.7 };

/** A scratch partnership folder with the pilot's ward lookup and one intervention. */
function withIntervention(intervention: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'planted-'));
  cpSync(join(PILOT, 'lookups'), join(dir, 'lookups'), { recursive: true });
  writeFileSync(join(dir, 'interventions.json'), JSON.stringify({ interventions: [intervention] }));
  return dir;
}

describe('planted effects', () => {
  it('take their areas and months from the intervention: its wards become their LSOAs', () => {
    const dir = withIntervention({ id: 'test-programme', areas: { level: 'ward', codes: ['E05010234'] }, start: '2018-04', end: '2018-09' });
    try {
      const [resolved] = resolvePlantedEffects(dir, [effect]);
      expect(resolved!.wards).toEqual(['E05010234']);
      expect(resolved!.lsoas.size).toBe(4); // Seven Stars is four LSOAs
      expect([resolved!.start, resolved!.end]).toEqual(['2018-04', '2018-09']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse an effect whose intervention is missing, or a ratio outside (0, 1]', () => {
    const dir = withIntervention({ id: 'other', areas: { level: 'ward', codes: ['E05010234'] }, start: '2018-04' });
    try {
      expect(() => resolvePlantedEffects(dir, [effect])).toThrow(/no intervention "test-programme"/);
      expect(() => resolvePlantedEffects(dir, [{ ...effect, intervention: 'other', rateRatio: 1.3 }])).toThrow(/rateRatio must be in \(0, 1\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keep about rateRatio of the named records in their LSOAs and months, and every other record', () => {
    const dir = withIntervention({ id: 'test-programme', areas: { level: 'ward', codes: ['E05010234'] }, start: '2018-04', end: '2018-09' });
    try {
      const [resolved] = resolvePlantedEffects(dir, [effect]);
      const inside = [...resolved!.lsoas][0]!;
      expect(monthThinning([resolved!], 'fire', parseYearMonth('2018-03'), 1)).toBeNull();
      expect(monthThinning([resolved!], 'fire', parseYearMonth('2018-10'), 1)).toBeNull();
      expect(monthThinning([resolved!], 'council', parseYearMonth('2018-05'), 1)).toBeNull();
      const thinning = monthThinning([resolved!], 'fire', parseYearMonth('2018-05'), 1)!;
      const n = 20_000;
      let kept = 0;
      for (let i = 0; i < n; i++) if (thinning.keep('Secondary fire, deliberate', inside)) kept++;
      // Binomial(20,000, 0.7): sd ≈ 65, so ±400 is about six standard deviations.
      expect(Math.abs(kept - 0.7 * n)).toBeLessThan(400);
      for (let i = 0; i < 1000; i++) {
        expect(thinning.keep('Secondary fire, not deliberate', inside)).toBe(true);
        expect(thinning.keep('Secondary fire, deliberate', 'E01000000')).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolve against the pilot: each names one of its interventions', () => {
    expect(resolvePlantedEffects(PILOT).map((e) => e.intervention)).toEqual(PLANTED_EFFECTS.map((e) => e.intervention));
  });
});
