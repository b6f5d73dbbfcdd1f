import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from './clock.ts';
import { InputError } from './errors.ts';

describe('Clock', () => {
  it('the system clock tells the real UTC day', () => {
    expect(systemClock.today()).toBe(new Date().toISOString().slice(0, 10));
  });

  it('a fixed clock tells its day, and refuses one that is not a calendar day', () => {
    expect(fixedClock('2024-02-29').today()).toBe('2024-02-29');
    expect(() => fixedClock('2023-02-29')).toThrow(InputError);
    expect(() => fixedClock('29/02/2024')).toThrow(/today must be a date in the form YYYY-MM-DD/);
  });
});
