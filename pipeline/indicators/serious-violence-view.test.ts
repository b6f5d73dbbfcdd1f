import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndicatorDefinitionError } from '../errors.ts';
import { loadIndicatorDefinitions, type CountedIndicator } from './indicator-definition.ts';
import type { PublishedFigure } from './indicator-value.ts';
import { combinedFigure, judgeAreas, loadSeriousViolenceConfig, significantlyAbove } from './serious-violence-view.ts';

const PILOT = join(import.meta.dirname, '..', '..', 'datasets', 'chorley-south-ribble');

/** A published figure with a value and CI, or withheld (nulls, as the API publishes it). */
function figure(value: number | null, lower: number | null = value, upper: number | null = value): PublishedFigure {
  const withheld = value === null;
  return {
    value,
    lower: withheld ? null : lower,
    upper: withheld ? null : upper,
    // 1,500 residents: a rate per 1,000 of `value` is 1.5 × value events.
    numerator: withheld ? null : Math.round(value * 1.5),
    denominator: 1500,
    suppressed: withheld,
    suppressionReason: withheld ? 'withheld to protect confidentiality' : null,
    comparison: null,
    trend: null,
    rag: null,
  };
}

const partnership = { police: 20, hospital: 3.5, combined: 23.5 };

describe('the "high on both" rule', () => {
  it('lists an area only when both CIs lie wholly above the partnership’s rates', () => {
    const areas = judgeAreas(
      [
        { area: 'both', name: 'Both', police: figure(40, 30, 52), hospital: figure(9, 5.1, 14) },
        { area: 'police-only', name: 'Police only', police: figure(40, 30, 52), hospital: figure(6, 3.4, 10) },
        { area: 'hospital-only', name: 'A&E only', police: figure(24, 19.9, 30), hospital: figure(12, 8, 17) },
        { area: 'neither', name: 'Neither', police: figure(18, 12, 25), hospital: figure(3, 1.2, 6) },
      ],
      partnership,
    );
    expect(areas.filter((a) => a.highOnBoth).map((a) => a.area)).toEqual(['both']);
    const byCode = new Map(areas.map((a) => [a.area, a]));
    expect(byCode.get('police-only')?.police.significantlyHigh).toBe(true);
    expect(byCode.get('police-only')?.hospital.significantlyHigh).toBe(false);
    // A lower bound just under the partnership's rate is not significantly high.
    expect(byCode.get('hospital-only')?.police.significantlyHigh).toBe(false);
    expect(byCode.get('hospital-only')?.hospital.significantlyHigh).toBe(true);
  });

  it('needs the lower bound strictly above the rate: equal is not significant', () => {
    expect(significantlyAbove(figure(30, 20, 40), 20)).toBe(false);
    expect(significantlyAbove(figure(30, 20.01, 40), 20)).toBe(true);
  });

  it('never judges a withheld figure, so an area with one withheld is never high on both, and the figure stays withheld', () => {
    const [area] = judgeAreas([{ area: 'w', name: 'Withheld A&E', police: figure(80, 60, 100), hospital: figure(null) }], partnership);
    expect(area?.highOnBoth).toBe(false);
    expect(area?.hospital).toEqual({ value: null, lower: null, upper: null, count: null, withheld: true, withheldReason: 'withheld to protect confidentiality', significantlyHigh: null });
    expect(area?.combined.withheld).toBe(true);
    expect(area?.police.significantlyHigh).toBe(true);
  });

  it('judges nothing when the partnership’s own rate is withheld', () => {
    const [area] = judgeAreas([{ area: 'x', name: 'X', police: figure(80, 60, 100), hospital: figure(20, 15, 26) }], { police: 20, hospital: null, combined: null });
    expect(area?.hospital.significantlyHigh).toBeNull();
    expect(area?.highOnBoth).toBe(false);
  });

  it('puts areas high on both first, then the rest by combined demand, withheld last', () => {
    const areas = judgeAreas(
      [
        { area: 'a', name: 'A', police: figure(18, 12, 25), hospital: figure(3, 1.2, 6) },
        { area: 'b', name: 'B', police: figure(null), hospital: figure(null) },
        { area: 'c', name: 'C', police: figure(40, 30, 52), hospital: figure(9, 5.1, 14) },
        { area: 'd', name: 'D', police: figure(60, 50, 70), hospital: figure(3, 1, 6) },
      ],
      partnership,
    );
    expect(areas.map((a) => a.area)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('combined demand', () => {
  it('adds the two published counts over the same residents, with a Byar interval on the sum', () => {
    // 60 police + 12 A&E = 72 events among 1,500 residents: 48 per 1,000 (Byar by hand: 72(1 − 1/648 − z/(3√72))³ / 1.5 = 37.56, 73(1 − 1/657 + z/(3√73))³ / 1.5 = 60.45).
    const combined = combinedFigure(figure(40, 30, 52), figure(8, 4, 13), 1000, 23.5);
    expect(combined.count).toBe(72);
    expect(combined.value).toBeCloseTo(48, 10);
    expect(combined.lower).toBeCloseTo(37.56, 2);
    expect(combined.upper).toBeCloseTo(60.45, 2);
    expect(combined.significantlyHigh).toBe(true);
  });

  it('is withheld wherever either source is, so it never gives a withheld count away', () => {
    const combined = combinedFigure(figure(40, 30, 52), figure(null), 1000, 23.5);
    expect(combined).toEqual({ value: null, lower: null, upper: null, count: null, withheld: true, withheldReason: 'withheld to protect confidentiality', significantlyHigh: null });
  });
});

describe('the pilot’s serious-violence configuration', () => {
  const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));

  it('sets police violence beside A&E assault: one grain, crude rates per 1,000 residents, one disclosure family', () => {
    const config = loadSeriousViolenceConfig(PILOT, definitions);
    expect(config?.inputs.police.id).toBe('violent-crime-annual');
    expect(config?.inputs.hospital.id).toBe('ae-assault-attendances');
    expect(config?.inputs.police.grain).toBe('financial-year');
    expect(config?.inputs.hospital.grain).toBe('financial-year');
    expect(config?.inputs.police.disclosureFamily).toBe(config?.inputs.hospital.disclosureFamily);
  });

  it('refuses two sources outside one disclosure family, whose small counts would be protected apart', () => {
    const apart = definitions.map((d) => (d.id === 'ae-assault-attendances' && d.kind === 'counted' ? ({ ...d, disclosureFamily: undefined } satisfies CountedIndicator) : d));
    expect(() => loadSeriousViolenceConfig(PILOT, apart)).toThrow(IndicatorDefinitionError);
    expect(() => loadSeriousViolenceConfig(PILOT, apart)).toThrow(/same disclosureFamily/);
  });
});
