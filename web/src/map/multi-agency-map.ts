/**
 * The multi-agency view as a static map: each LSOA coloured by how many of the view's partner
 * indicators are significantly high there (light for none, darkest for all), district outlines
 * over, with a legend of the counts. Used by the dashboard and the board report.
 */
import type { AreaCollection, MultiAgencyView } from '../api/client.ts';
import { renderLegend, type LegendModel } from './legend.ts';
import { staticChoropleth, type StaticPaint } from './static-choropleth.ts';

/** Sequential oranges to red (ColorBrewer OrRd, colour-blind safe): none to every partner. */
export const MULTI_AGENCY_COLOURS = ['#f7f7f7', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'] as const;

/** The colour for `count` of `inputCount` partners seeing high demand: lightest for none, darkest for all. */
export function multiAgencyColour(count: number, inputCount: number): string {
  const last = MULTI_AGENCY_COLOURS.length - 1;
  const index = Math.min(last, Math.max(0, Math.round((count / Math.max(1, inputCount)) * last)));
  return MULTI_AGENCY_COLOURS[index] ?? '#7f0000';
}

/** The legend: one entry per count from none to every input, with how many areas have it. */
export function multiAgencyLegend(view: MultiAgencyView, areaCount: number): LegendModel {
  const inputCount = view.inputs.length;
  const counts = new Map<number, number>();
  for (const area of view.areas) counts.set(area.highDemandCount, (counts.get(area.highDemandCount) ?? 0) + 1);
  return {
    title: 'Partners seeing significantly high demand',
    unit: `of ${inputCount} partner indicators`,
    polarityNote: null,
    entries: Array.from({ length: inputCount + 1 }, (_, count) => ({ colour: multiAgencyColour(count, inputCount), label: String(count), count: counts.get(count) ?? 0 })),
    note: null,
    withheldCount: 0,
    noDataCount: Math.max(0, areaCount - view.areas.length),
  };
}

export interface MultiAgencyMapInput {
  view: MultiAgencyView;
  lsoas: AreaCollection;
  districts: AreaCollection | null;
  /** The heading level of the legend's title, so the page's outline stays in order. */
  legendHeading: 'h3' | 'h4';
  width?: number;
  height?: number;
}

/** A <figure> with the map, its caption and its legend. */
export function multiAgencyMap(input: MultiAgencyMapInput): HTMLElement {
  const { view } = input;
  const inputCount = view.inputs.length;
  const paint = new Map<string, StaticPaint>();
  for (const area of view.areas) paint.set(area.area, { colour: multiAgencyColour(area.highDemandCount, inputCount), suppressed: false });
  const ranked = view.areas.filter((area) => area.highDemandCount >= 2).length;
  const figure = document.createElement('figure');
  figure.className = 'report-map multi-agency-map';
  const caption = document.createElement('figcaption');
  caption.textContent = `Partners seeing significantly high demand, by neighbourhood (LSOA), ${view.period.label}`;
  const svg = staticChoropleth({
    areas: input.lsoas,
    outlines: input.districts,
    paint,
    label: `Map of how many of the ${inputCount} partners’ indicators are significantly high in each neighbourhood, ${view.period.label}: ${ranked} neighbourhoods have two or more, darker where more partners see high demand.`,
    hatchId: 'hatch-multi-agency',
    width: input.width ?? 420,
    height: input.height ?? 360,
  });
  const legend = document.createElement('div');
  legend.className = 'map-legend report-legend';
  renderLegend(legend, multiAgencyLegend(view, input.lsoas.features.length));
  const drawn = legend.querySelector('h2');
  if (drawn !== null) {
    const heading = document.createElement(input.legendHeading);
    heading.className = 'legend-title';
    heading.textContent = drawn.textContent;
    drawn.replaceWith(heading);
  }
  figure.append(caption, svg, legend);
  return figure;
}
