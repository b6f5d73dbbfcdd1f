import { describe, expect, it } from 'vitest';
import {
  COMPARISON_COLOURS,
  GOOD_TO_BAD_PALETTE,
  NEUTRAL_PALETTE,
  NO_DATA_COLOUR,
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

describe('palettes', () => {
  it('the neutral palette gets strictly darker, so its order survives greyscale', () => {
    const lightness = NEUTRAL_PALETTE.map(luminance);
    for (let index = 1; index < lightness.length; index += 1) expect(lightness[index]).toBeLessThan(lightness[index - 1] as number);
  });

  it('the good-to-bad palette runs from blue to red, distinct from withheld and no data', () => {
    expect(GOOD_TO_BAD_PALETTE[0]).toBe('#2c7bb6');
    expect(GOOD_TO_BAD_PALETTE[4]).toBe('#d7191c');
    for (const palette of [GOOD_TO_BAD_PALETTE, NEUTRAL_PALETTE]) {
      expect(new Set(palette).size).toBe(5);
      expect(palette).not.toContain(WITHHELD_COLOUR);
      expect(palette).not.toContain(NO_DATA_COLOUR);
    }
  });

  it('uses the same blue and red for better and worse as the value palette’s ends', () => {
    expect(COMPARISON_COLOURS.better).toBe(GOOD_TO_BAD_PALETTE[0]);
    expect(COMPARISON_COLOURS.worse).toBe(GOOD_TO_BAD_PALETTE[4]);
  });
});

describe('coloursForClasses', () => {
  it('runs good to bad as values rise when low is good', () => {
    expect(coloursForClasses(5, 'low-is-good')).toEqual([...GOOD_TO_BAD_PALETTE]);
  });

  it('runs bad to good as values rise when high is good', () => {
    expect(coloursForClasses(5, 'high-is-good')).toEqual([...GOOD_TO_BAD_PALETTE].reverse());
    expect(coloursForClasses(2, 'high-is-good')).toEqual([GOOD_TO_BAD_PALETTE[4], GOOD_TO_BAD_PALETTE[0]]);
  });

  it('uses the neutral palette without polarity, spreading fewer classes across it', () => {
    expect(coloursForClasses(5, 'no-judgement')).toEqual([...NEUTRAL_PALETTE]);
    expect(coloursForClasses(3, 'no-judgement')).toEqual([NEUTRAL_PALETTE[0], NEUTRAL_PALETTE[2], NEUTRAL_PALETTE[4]]);
    expect(coloursForClasses(1, 'no-judgement')).toEqual([NEUTRAL_PALETTE[2]]);
  });

  it('rejects impossible class counts', () => {
    expect(() => coloursForClasses(0, 'low-is-good')).toThrow(RangeError);
    expect(() => coloursForClasses(6, 'low-is-good')).toThrow(RangeError);
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
  it('is one constant expression: withheld first, then the colour in feature state, else no data', () => {
    expect(fillColourExpression()).toEqual([
      'case',
      ['boolean', ['feature-state', 'suppressed'], false],
      WITHHELD_COLOUR,
      ['to-color', ['coalesce', ['feature-state', 'colour'], NO_DATA_COLOUR]],
    ]);
  });
});
