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
    expect(labels('executive')).toContain('Priorities and risks');
    expect(labels('partner:lancashire-police')).not.toContain('Priorities and risks');
    expect(linksFor({ signedIn: false }).map((link) => link.label)).not.toContain('Priorities and risks');
    expect(labels('analyst')).toContain('Map');
  });

  it('offers agreements to staff and partners, a partner its own page, and administration to admins only', () => {
    const links = (role: string) => Object.fromEntries(linksFor(signedIn(role)).map((link) => [link.nav, link.href]));
    expect(links('partner:fire')).toMatchObject({ agreements: '/agreements', partner: '/partners/fire' });
    expect(links('partner:fire').admin).toBeUndefined();
    expect(links('admin')).toMatchObject({ agreements: '/agreements', admin: '/admin' });
    expect(links('admin').partner).toBeUndefined();
    expect(links('executive').admin).toBeUndefined();
    expect(linksFor({ signedIn: false }).map((link) => link.nav)).not.toContain('agreements');
  });

  it('offers Upload and the extract log to admins, analysts and partners (their own datasets), not to executives', () => {
    const labels = (role: string) => linksFor(signedIn(role)).map((link) => link.label);
    expect(labels('analyst')).toEqual(expect.arrayContaining(['Upload', 'Extract log']));
    expect(labels('admin')).toContain('Upload');
    expect(labels('partner:fire')).toContain('Extract log');
    expect(labels('partner:fire')).toContain('Upload');
    expect(labels('executive')).not.toContain('Upload');
    expect(labels('executive')).not.toContain('Extract log');
    expect(linksFor({ signedIn: false }).map((link) => link.label)).not.toContain('Upload');
  });

  it('offers the board report to board readers (admin, analyst, executive) only', () => {
    const labels = (role: string) => linksFor(signedIn(role)).map((link) => link.label);
    for (const role of ['admin', 'analyst', 'executive']) expect(labels(role)).toContain('Board report');
    expect(labels('partner:lancashire-police')).not.toContain('Board report');
    expect(linksFor({ signedIn: false }).map((link) => link.label)).not.toContain('Board report');
  });
});
