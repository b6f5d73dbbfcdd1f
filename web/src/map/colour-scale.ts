/**
 * Colours for the choropleth: a colour-blind-safe sequential palette, the
 * "withheld" and "no data" colours, and the MapLibre paint expression that
 * applies them from feature state.
 *
 * The palette is five steps of viridis, light (low values) to dark (high
 * values): perceptually even, distinguishable with the common colour-vision
 * deficiencies, and still ordered when printed in greyscale.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import { classOf } from './classify.ts';

export const SEQUENTIAL_PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;

/** Base fill of an area whose figure is withheld; a hatch is drawn over it. */
export const WITHHELD_COLOUR = '#c8c8c8';
/** Lines of the withheld hatch. */
export const WITHHELD_HATCH_COLOUR = '#4d4d4d';
/** Fill of an area with no figure at all (not published, not withheld). */
export const NO_DATA_COLOUR = '#f4f4f4';

/** `classCount` colours spread evenly across the palette, light to dark. */
export function coloursForClasses(classCount: number): string[] {
  const last = SEQUENTIAL_PALETTE.length - 1;
  if (!Number.isInteger(classCount) || classCount < 1 || classCount > SEQUENTIAL_PALETTE.length) {
    throw new RangeError(`classCount must be 1…${SEQUENTIAL_PALETTE.length}, got ${classCount}`);
  }
  if (classCount === 1) return [SEQUENTIAL_PALETTE[Math.round(last / 2)] as string];
  return Array.from(
    { length: classCount },
    (_, index) => SEQUENTIAL_PALETTE[Math.round((index * last) / (classCount - 1))] as string,
  );
}

/** The colour of one figure, as the map paints it. */
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
 * The `fill-color` expression: withheld areas grey, areas without a value
 * the no-data colour, the rest stepped through `colours` at `breaks`, reading
 * the `value` and `suppressed` feature-state keys.
 */
export function fillColourExpression(
  breaks: readonly number[],
  colours: readonly string[],
): ExpressionSpecification {
  if (colours.length !== breaks.length + 1) {
    throw new RangeError(`Need ${breaks.length + 1} colours for ${breaks.length} breaks, got ${colours.length}`);
  }
  const [first, ...rest] = colours as [string, ...string[]];
  const stops = rest.flatMap((colour, index) => [breaks[index] as number, colour]);
  const stepped: ExpressionSpecification =
    stops.length === 0
      ? ['to-color', first]
      : (['step', ['coalesce', ['feature-state', 'value'], 0], first, ...stops] as ExpressionSpecification);
  return [
    'case',
    ['boolean', ['feature-state', 'suppressed'], false],
    WITHHELD_COLOUR,
    ['==', ['typeof', ['feature-state', 'value']], 'number'],
    stepped,
    NO_DATA_COLOUR,
  ];
}
