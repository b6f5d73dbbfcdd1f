/**
 * The hatch pattern drawn over areas whose figure is withheld, made in code
 * so the map needs no sprite sheet.
 */
import { WITHHELD_HATCH_COLOUR } from './colour-scale.ts';

export const WITHHELD_HATCH_IMAGE = 'withheld-hatch';

function rgb(hex: string): [number, number, number] {
  const digits = /^#([0-9a-f]{6})$/i.exec(hex)?.[1];
  if (digits === undefined) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const number = Number.parseInt(digits, 16);
  return [(number >> 16) & 255, (number >> 8) & 255, number & 255];
}

/** RGBA pixels of a square tile of diagonal lines, transparent between them. */
export function withheldHatchPixels(size = 16, period = 8, lineWidth = 2): { width: number; height: number; data: Uint8Array } {
  const [red, green, blue] = rgb(WITHHELD_HATCH_COLOUR);
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if ((x + y) % period < lineWidth) {
        const offset = (y * size + x) * 4;
        data[offset] = red;
        data[offset + 1] = green;
        data[offset + 2] = blue;
        data[offset + 3] = 255;
      }
    }
  }
  return { width: size, height: size, data };
}
