/**
 * Colours for the choropleth. Colour follows meaning: with a polarity the
 * classes run from a "good" blue to a "bad" red (ColorBrewer RdYlBu, safe for
 * the common colour-vision deficiencies), whichever end of the values is good;
 * without one, a single-hue purple that gets darker as values rise and says
 * nothing of better or worse. Comparison colours follow Fingertips: better,
 * similar, worse; higher and lower (not judged) for indicators without polarity.
 *
 * The map never computes colours itself: the page sets each area's colour as
 * feature state, and one constant paint expression reads it.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { Polarity } from '../api/client.ts';
import { classOf } from './classify.ts';

/** Five steps from the best (first) to the worst (last). */
export const GOOD_TO_BAD_PALETTE = ['#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#d7191c'] as const;
/** Five steps from the lowest to the highest value, for indicators with no polarity. */
export const NEUTRAL_PALETTE = ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'] as const;
export const MAX_CLASSES = 5;

/** Base fill of an area whose figure is withheld; a hatch is drawn over it. */
export const WITHHELD_COLOUR = '#c8c8c8';
/** Lines of the withheld hatch. */
export const WITHHELD_HATCH_COLOUR = '#4d4d4d';
/** Fill of an area with no figure at all (not published, not withheld). */
export const NO_DATA_COLOUR = '#f4f4f4';

export const COMPARISON_CATEGORIES = ['better', 'similar', 'worse', 'higher', 'lower', 'not-compared'] as const;
export type ComparisonCategory = (typeof COMPARISON_CATEGORIES)[number];

export const COMPARISON_COLOURS: Record<ComparisonCategory, string> = {
  better: '#2c7bb6',
  similar: '#fee08b',
  worse: '#d7191c',
  higher: '#08519c',
  lower: '#9ecae1',
  'not-compared': '#ffffff',
};

function spread(palette: readonly string[], classCount: number): string[] {
  if (!Number.isInteger(classCount) || classCount < 1 || classCount > palette.length) {
    throw new RangeError(`classCount must be 1…${palette.length}, got ${classCount}`);
  }
  const last = palette.length - 1;
  if (classCount === 1) return [palette[Math.round(last / 2)] as string];
  return Array.from({ length: classCount }, (_, index) => palette[Math.round((index * last) / (classCount - 1))] as string);
}

/**
 * `classCount` colours for classes in ascending order of value: good to bad
 * when low is good, bad to good when high is good, light to dark otherwise.
 */
export function coloursForClasses(classCount: number, polarity: Polarity): string[] {
  if (polarity === 'no-judgement') return spread(NEUTRAL_PALETTE, classCount);
  const goodToBad = spread(GOOD_TO_BAD_PALETTE, classCount);
  return polarity === 'low-is-good' ? goodToBad : goodToBad.reverse();
}

/** The colour of one figure, as the map paints it in the value mode. */
export function colourOf(
  figure: { value: number | null; suppressed: boolean },
  breaks: readonly number[],
  colours: readonly string[],
): string {
  if (figure.suppressed) return WITHHELD_COLOUR;
  const index = classOf(figure.value, breaks);
  if (index === null) return NO_DATA_COLOUR;
  const colour = colours[index];
  if (colour === undefined) throw new RangeError(`No colour for class ${index}`);
  return colour;
}

/**
 * The constant `fill-color` expression: withheld areas grey (a hatch layer
 * goes over them), else the `colour` feature state, else the no-data colour.
 */
export function fillColourExpression(): ExpressionSpecification {
  return [
    'case',
    ['boolean', ['feature-state', 'suppressed'], false],
    WITHHELD_COLOUR,
    ['to-color', ['coalesce', ['feature-state', 'colour'], NO_DATA_COLOUR]],
  ];
}
