import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndicatorDefinitionError } from '../errors.ts';
import { loadIndicatorDefinitions, type CountedIndicator } from './indicator-definition.ts';
import type { PublishedFigure } from './indicator-value.ts';
import { judgeAreas, loadSeriousViolenceConfig, significantlyAbove } from './serious-violence-view.ts';

const PILOT = join(import.meta.dirname, '..', '..', 'datasets', 'chorley-south-ribble');

/** A published figure with a value and CI, or withheld (nulls, as the API publishes it). */
function figure(value: number | null, lower: number | null = value, upper: number | null = value): PublishedFigure {
  const withheld = value === null;
  return {
    value,
    lower: withheld ? null : lower,
    upper: withheld ? null : upper,
    numerator: withheld ? null : 10,
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
        { area: 'both', name: 'Both', police: figure(40, 30, 52), hospital: figure(9, 5.1, 14), combined: figure(49, 40, 60) },
        { area: 'police-only', name: 'Police only', police: figure(40, 30, 52), hospital: figure(6, 3.4, 10), combined: figure(46, 37, 57) },
        { area: 'hospital-only', name: 'A&E only', police: figure(24, 19.9, 30), hospital: figure(12, 8, 17), combined: figure(36, 29, 44) },
        { area: 'neither', name: 'Neither', police: figure(18, 12, 25), hospital: figure(3, 1.2, 6), combined: figure(21, 15, 28) },
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
    const [area] = judgeAreas([{ area: 'w', name: 'Withheld A&E', police: figure(80, 60, 100), hospital: figure(null), combined: figure(null) }], partnership);
    expect(area?.highOnBoth).toBe(false);
    expect(area?.hospital).toEqual({ value: null, lower: null, upper: null, count: null, withheld: true, withheldReason: 'withheld to protect confidentiality', significantlyHigh: null });
    expect(area?.combined.withheld).toBe(true);
    expect(area?.police.significantlyHigh).toBe(true);
  });

  it('judges nothing when the partnership’s own rate is withheld', () => {
    const [area] = judgeAreas([{ area: 'x', name: 'X', police: figure(80, 60, 100), hospital: figure(20, 15, 26), combined: figure(100, 80, 120) }], { police: 20, hospital: null, combined: null });
    expect(area?.hospital.significantlyHigh).toBeNull();
    expect(area?.highOnBoth).toBe(false);
  });

  it('puts areas high on both first, then the rest by combined demand, withheld last', () => {
    const areas = judgeAreas(
      [
        { area: 'a', name: 'A', police: figure(18, 12, 25), hospital: figure(3, 1.2, 6), combined: figure(21, 15, 28) },
        { area: 'b', name: 'B', police: figure(null), hospital: figure(null), combined: figure(null) },
        { area: 'c', name: 'C', police: figure(40, 30, 52), hospital: figure(9, 5.1, 14), combined: figure(49, 40, 60) },
        { area: 'd', name: 'D', police: figure(60, 50, 70), hospital: figure(3, 1, 6), combined: figure(63, 52, 75) },
      ],
      partnership,
    );
    expect(areas.map((a) => a.area)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('the pilot’s serious-violence configuration', () => {
  const definitions = loadIndicatorDefinitions(join(PILOT, 'indicators'));

  it('sets police violence, A&E assault and their combined demand side by side, one grain and one disclosure family', () => {
    const config = loadSeriousViolenceConfig(PILOT, definitions);
    expect(config?.inputs.police.id).toBe('violent-crime-annual');
    expect(config?.inputs.hospital.id).toBe('ae-assault-attendances');
    expect(config?.inputs.combined.id).toBe('serious-violence-demand');
    expect(new Set([config?.inputs.police.grain, config?.inputs.hospital.grain, config?.inputs.combined.grain])).toEqual(new Set(['financial-year']));
  });

  it('refuses a combined indicator that does not count exactly the two sources', () => {
    const broken = definitions.map((d) =>
      d.id === 'serious-violence-demand' && d.kind === 'counted' ? ({ ...d, numerator: { parts: d.numerator.parts.slice(0, 1) } } satisfies CountedIndicator) : d,
    );
    expect(() => loadSeriousViolenceConfig(PILOT, broken)).toThrow(IndicatorDefinitionError);
    expect(() => loadSeriousViolenceConfig(PILOT, broken)).toThrow(/must count exactly the rows/);
  });
});
