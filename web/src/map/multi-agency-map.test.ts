import { describe, expect, it } from 'vitest';
import type { MultiAgencyView } from '../api/client.ts';
import { MULTI_AGENCY_COLOURS, multiAgencyColour, multiAgencyLegend } from './multi-agency-map.ts';

describe('the multi-agency map colours', () => {
  it('run from the lightest for no partner to the darkest for every partner, whatever the number of inputs', () => {
    expect(multiAgencyColour(0, 4)).toBe(MULTI_AGENCY_COLOURS[0]);
    expect(multiAgencyColour(4, 4)).toBe(MULTI_AGENCY_COLOURS[4]);
    expect(multiAgencyColour(2, 4)).toBe(MULTI_AGENCY_COLOURS[2]);
    expect(multiAgencyColour(3, 3)).toBe(MULTI_AGENCY_COLOURS[4]);
    const two = [0, 1, 2].map((count) => multiAgencyColour(count, 2));
    expect(new Set(two).size).toBe(3);
  });

  it('count the areas at each number of partners, and the areas with no figure', () => {
    const area = (code: string, count: number) => ({ area: code, name: code, highDemand: [], highDemandCount: count, composite: null, withheldInputs: [], inputs: {} });
    const view: MultiAgencyView = {
      title: 't',
      period: { id: 'FY2018-19', label: '2018/19' },
      method: 'm',
      inputs: [1, 2, 3].map((n) => ({ id: `i${n}`, title: `I${n}`, unit: 'u', partners: [], withdrawn: false })),
      weights: {},
      areas: [area('a', 0), area('b', 2), area('c', 2), area('d', 3)],
    };
    const legend = multiAgencyLegend(view, 6);
    expect(legend.entries.map((entry) => [entry.label, entry.count])).toEqual([['0', 1], ['1', 0], ['2', 2], ['3', 1]]);
    expect(legend.noDataCount).toBe(2);
  });
});
