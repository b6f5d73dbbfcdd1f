/**
 * The serious-violence view as a static map: each area coloured by which of the two sources are
 * significantly above the partnership (both, police only, A&E only, neither), areas whose police
 * or A&E figure is withheld hatched, with a legend of the counts.
 */
import type { AreaCollection, SeriousViolenceArea, SeriousViolenceView } from '../api/client.ts';
import { renderLegend, type LegendModel } from './legend.ts';
import { staticChoropleth, type StaticPaint } from './static-choropleth.ts';

/** Which sources are significantly high in an area. */
export type HighCategory = 'both' | 'police' | 'hospital' | 'neither' | 'withheld';

/** Colour-blind safe (ColorBrewer PuOr ends for one source each, dark red for both). */
export const HIGH_COLOURS: Record<Exclude<HighCategory, 'withheld'>, string> = { both: '#b2182b', police: '#e08214', hospital: '#8073ac', neither: '#f7f7f7' };

export const HIGH_LABELS: Record<Exclude<HighCategory, 'withheld'>, string> = {
  both: 'High on both',
  police: 'High on police violence only',
  hospital: 'High on A&E assault only',
  neither: 'Neither significantly high',
};

/** The category of an area; withheld when its police or A&E figure is withheld (it cannot be judged). */
export function highCategory(area: SeriousViolenceArea): HighCategory {
  if (area.highOnBoth) return 'both';
  if (area.police.withheld || area.hospital.withheld) return 'withheld';
  if (area.police.significantlyHigh === true) return 'police';
  if (area.hospital.significantlyHigh === true) return 'hospital';
  return 'neither';
}

/** The legend: the four categories with how many areas fall in each, then withheld and no data. */
export function seriousViolenceLegend(view: SeriousViolenceView, areaCount: number): LegendModel {
  const counts = new Map<HighCategory, number>();
  for (const area of view.areas) counts.set(highCategory(area), (counts.get(highCategory(area)) ?? 0) + 1);
  return {
    title: 'Significantly above the partnership',
    unit: 'police violence and A&E assault, 95% confidence',
    polarityNote: null,
    entries: (['both', 'police', 'hospital', 'neither'] as const).map((category) => ({ colour: HIGH_COLOURS[category], label: HIGH_LABELS[category], count: counts.get(category) ?? 0 })),
    note: 'Hatched areas have a withheld police or A&E figure, so they cannot be judged.',
    withheldCount: counts.get('withheld') ?? 0,
    noDataCount: Math.max(0, areaCount - view.areas.length),
  };
}

/** A <figure> with the map, its caption and its legend. */
export function seriousViolenceMap(view: SeriousViolenceView, areas: AreaCollection, districts: AreaCollection | null): HTMLElement {
  const paint = new Map<string, StaticPaint>();
  for (const area of view.areas) {
    const category = highCategory(area);
    paint.set(area.area, category === 'withheld' ? { colour: null, suppressed: true } : { colour: HIGH_COLOURS[category], suppressed: false });
  }
  const levelName = view.level === 'lsoa' ? 'neighbourhood (LSOA)' : 'ward';
  const figure = document.createElement('figure');
  figure.className = 'report-map serious-violence-map';
  const caption = document.createElement('figcaption');
  caption.textContent = `Where police violence and A&E assault are significantly high, by ${levelName}, ${view.period.label}`;
  const svg = staticChoropleth({
    areas,
    outlines: districts,
    paint,
    label: `Map of each ${levelName} by whether police-recorded violence and A&E attendances for assault are significantly above the partnership, ${view.period.label}: ${view.highOnBoth.length} high on both, ${view.unjudged} with a withheld figure (hatched).`,
    hatchId: 'hatch-serious-violence',
    width: 460,
    height: 400,
  });
  const legend = document.createElement('div');
  legend.className = 'map-legend report-legend';
  renderLegend(legend, seriousViolenceLegend(view, areas.features.length));
  const drawn = legend.querySelector('h2');
  if (drawn !== null) {
    const heading = document.createElement('h3');
    heading.className = 'legend-title';
    heading.textContent = drawn.textContent;
    drawn.replaceWith(heading);
  }
  figure.append(caption, svg, legend);
  return figure;
}
