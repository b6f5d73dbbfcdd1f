import { describe, expect, it } from 'vitest';
import {
  NO_DATA_COLOUR,
  SEQUENTIAL_PALETTE,
  WITHHELD_COLOUR,
  colourOf,
  coloursForClasses,
  fillColourExpression,
} from './colour-scale.ts';

function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe('SEQUENTIAL_PALETTE', () => {
  it('has five distinct colours that get strictly darker, so order survives greyscale', () => {
    expect(new Set(SEQUENTIAL_PALETTE).size).toBe(5);
    const lightness = SEQUENTIAL_PALETTE.map(luminance);
    for (let index = 1; index < lightness.length; index += 1) {
      expect(lightness[index]).toBeLessThan(lightness[index - 1] as number);
    }
  });

  it('is distinct from the withheld and no-data colours', () => {
    expect(SEQUENTIAL_PALETTE).not.toContain(WITHHELD_COLOUR);
    expect(SEQUENTIAL_PALETTE).not.toContain(NO_DATA_COLOUR);
    expect(WITHHELD_COLOUR).not.toBe(NO_DATA_COLOUR);
  });
});

describe('coloursForClasses', () => {
  it('uses the whole palette for five classes', () => {
    expect(coloursForClasses(5)).toEqual([...SEQUENTIAL_PALETTE]);
  });

  it('spreads fewer classes from lightest to darkest', () => {
    expect(coloursForClasses(2)).toEqual([SEQUENTIAL_PALETTE[0], SEQUENTIAL_PALETTE[4]]);
    expect(coloursForClasses(3)).toEqual([SEQUENTIAL_PALETTE[0], SEQUENTIAL_PALETTE[2], SEQUENTIAL_PALETTE[4]]);
    expect(coloursForClasses(1)).toEqual([SEQUENTIAL_PALETTE[2]]);
  });

  it('rejects impossible class counts', () => {
    expect(() => coloursForClasses(0)).toThrow(RangeError);
    expect(() => coloursForClasses(6)).toThrow(RangeError);
  });
});

describe('colourOf', () => {
  const breaks = [10, 20];
  const colours = ['#aaaaaa', '#bbbbbb', '#cccccc'];

  it('colours a value by its class', () => {
    expect(colourOf({ value: 5, suppressed: false }, breaks, colours)).toBe('#aaaaaa');
    expect(colourOf({ value: 10, suppressed: false }, breaks, colours)).toBe('#bbbbbb');
    expect(colourOf({ value: 25, suppressed: false }, breaks, colours)).toBe('#cccccc');
  });

  it('colours a withheld figure as withheld, never as a value', () => {
    expect(colourOf({ value: null, suppressed: true }, breaks, colours)).toBe(WITHHELD_COLOUR);
    expect(colourOf({ value: 0, suppressed: true }, breaks, colours)).toBe(WITHHELD_COLOUR);
  });

  it('colours a missing value as no data', () => {
    expect(colourOf({ value: null, suppressed: false }, breaks, colours)).toBe(NO_DATA_COLOUR);
  });
});

describe('fillColourExpression', () => {
  it('checks withheld first, then a numeric value, then steps through the colours', () => {
    const expression = fillColourExpression([10, 20], ['#111111', '#222222', '#333333']);
    expect(expression).toEqual([
      'case',
      ['boolean', ['feature-state', 'suppressed'], false],
      WITHHELD_COLOUR,
      ['==', ['typeof', ['feature-state', 'value']], 'number'],
      ['step', ['coalesce', ['feature-state', 'value'], 0], '#111111', 10, '#222222', 20, '#333333'],
      NO_DATA_COLOUR,
    ]);
  });

  it('uses a single colour when there are no breaks', () => {
    const expression = fillColourExpression([], ['#111111']);
    expect(expression[4]).toEqual(['to-color', '#111111']);
  });

  it('needs one more colour than breaks', () => {
    expect(() => fillColourExpression([10], ['#111111'])).toThrow(RangeError);
  });
});
