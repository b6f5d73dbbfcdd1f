/**
 * A static choropleth for print: the areas of one level drawn as SVG paths by Observable Plot's
 * geo mark (already the chart library, so no new dependency), coloured as the interactive map
 * colours them, withheld areas hatched, district outlines over them. Vector paths print sharply
 * at any resolution, need no WebGL and no canvas capture, and the page is ready as soon as the
 * SVG is in the document. The coordinates are flattened with a local equirectangular projection
 * (longitude scaled by the cosine of the middle latitude) and drawn with a planar identity
 * projection: true to shape at a partnership's scale, and free of the spherical winding-order
 * rules that would flood a wrongly wound polygon over the whole frame.
 */
import * as Plot from '@observablehq/plot';
import type { AreaCollection } from '../api/client.ts';
import { prepareChart } from '../components/charts/chart-figure.ts';
import { NO_DATA_COLOUR, WITHHELD_COLOUR, WITHHELD_HATCH_COLOUR } from './colour-scale.ts';

type Geometry = AreaCollection['features'][number]['geometry'];
type Position = number[];

export interface StaticPaint {
  colour: string | null;
  suppressed: boolean;
}

export interface StaticChoroplethInput {
  areas: AreaCollection;
  /** Outlines drawn over the areas (e.g. the districts), or null. */
  outlines: AreaCollection | null;
  /** Each area's paint by code; an area missing here is drawn as "no data". */
  paint: ReadonlyMap<string, StaticPaint>;
  /** The map in words: its text alternative. */
  label: string;
  /** A document-unique id for the withheld hatch pattern. */
  hatchId: string;
  width?: number;
  height?: number;
}

/** The middle latitude of a collection's coordinates, in degrees. */
export function middleLatitude(collection: AreaCollection): number {
  let min = Infinity;
  let max = -Infinity;
  for (const feature of collection.features) {
    forEachPosition(feature.geometry, (position) => {
      const latitude = position[1] ?? 0;
      if (latitude < min) min = latitude;
      if (latitude > max) max = latitude;
    });
  }
  return Number.isFinite(min) ? (min + max) / 2 : 0;
}

function forEachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) for (const position of ring) visit(position);
}

/** `collection` with longitudes scaled by cos(`latitude`): planar coordinates in which distances east and north agree. */
export function flattened(collection: AreaCollection, latitude: number): AreaCollection {
  const scale = Math.cos((latitude * Math.PI) / 180);
  const flat = (ring: Position[]): Position[] => ring.map((position) => [(position[0] ?? 0) * scale, position[1] ?? 0]);
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => ({
      ...feature,
      geometry:
        feature.geometry.type === 'Polygon'
          ? { type: 'Polygon', coordinates: feature.geometry.coordinates.map(flat) }
          : { type: 'MultiPolygon', coordinates: feature.geometry.coordinates.map((polygon) => polygon.map(flat)) },
    })),
  };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A diagonal hatch pattern like the interactive map's, as an SVG <defs>. */
function hatchDefs(id: string): SVGDefsElement {
  const defs = document.createElementNS(SVG_NS, 'defs');
  const pattern = document.createElementNS(SVG_NS, 'pattern');
  pattern.setAttribute('id', id);
  pattern.setAttribute('patternUnits', 'userSpaceOnUse');
  pattern.setAttribute('width', '6');
  pattern.setAttribute('height', '6');
  pattern.setAttribute('patternTransform', 'rotate(45)');
  const base = document.createElementNS(SVG_NS, 'rect');
  base.setAttribute('width', '6');
  base.setAttribute('height', '6');
  base.setAttribute('fill', WITHHELD_COLOUR);
  const line = document.createElementNS(SVG_NS, 'line');
  line.setAttribute('x1', '0');
  line.setAttribute('y1', '0');
  line.setAttribute('x2', '0');
  line.setAttribute('y2', '6');
  line.setAttribute('stroke', WITHHELD_HATCH_COLOUR);
  line.setAttribute('stroke-width', '2');
  pattern.append(base, line);
  defs.append(pattern);
  return defs;
}

/** The map as an SVG image with `label` as its accessible name. */
export function staticChoropleth(input: StaticChoroplethInput): Element {
  const latitude = middleLatitude(input.areas);
  const areas = flattened(input.areas, latitude);
  const outlines = input.outlines === null ? null : flattened(input.outlines, latitude);
  const fillOf = (code: string): string => {
    const paint = input.paint.get(code);
    if (paint === undefined) return NO_DATA_COLOUR;
    if (paint.suppressed) return `url(#${input.hatchId})`;
    return paint.colour ?? NO_DATA_COLOUR;
  };
  const marks: Plot.Markish[] = [
    Plot.geo(areas.features, { fill: (feature: AreaCollection['features'][number]) => fillOf(feature.properties.code), stroke: '#ffffff', strokeWidth: 0.5 }),
  ];
  if (outlines !== null) marks.push(Plot.geo(outlines.features, { fill: 'none', stroke: '#1d1d1d', strokeWidth: 1.4 }));
  const chart = Plot.plot({
    width: input.width ?? 520,
    height: input.height ?? 440,
    margin: 0,
    projection: { type: 'reflect-y', domain: areas, inset: 6 },
    style: { background: 'transparent' },
    marks,
  });
  prepareChart(chart);
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
  svg?.prepend(hatchDefs(input.hatchId));
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', input.label);
  chart.classList.add('static-map');
  return chart;
}
