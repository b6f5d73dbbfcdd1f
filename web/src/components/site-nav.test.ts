import { describe, expect, it } from 'vitest';
import { linksFor, roleOf } from './site-nav.ts';

const signedIn = (role: string) => ({ signedIn: true as const, name: 'someone', role });

describe('site navigation', () => {
  it('treats partner:<id> as the partner role and a signed-out visitor as public', () => {
    expect(roleOf(signedIn('partner:lancashire-fire'))).toBe('partner');
    expect(roleOf({ signedIn: false })).toBe('public');
    expect(roleOf(signedIn('something-else'))).toBe('public');
  });

  it('offers the board pages to executives but not to partners or the public', () => {
    const labels = (role: string) => linksFor(signedIn(role)).map((link) => link.label);
    expect(labels('executive')).toContain('Board');
    expect(labels('partner:lancashire-police')).not.toContain('Board');
    expect(linksFor({ signedIn: false }).map((link) => link.label)).not.toContain('Board');
    expect(labels('analyst')).toContain('Map');
  });
});
