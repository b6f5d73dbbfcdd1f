import { describe, expect, it } from 'vitest';
import { governanceRouteOf, navigationFor } from './governance-routes.ts';

describe('governance routes', () => {
  it('maps each URL to its page, keeping ids, versions and the admin query', () => {
    expect(governanceRouteOf('/agreements/', '')).toEqual({ page: 'agreements' });
    expect(governanceRouteOf('/agreements/DSA-X', '?version=1.1')).toEqual({ page: 'agreement', id: 'DSA-X', version: '1.1' });
    expect(governanceRouteOf('/partners/police', '')).toEqual({ page: 'partner', id: 'police' });
    expect(governanceRouteOf('/admin', '?user=a')).toEqual({ page: 'admin', search: '?user=a' });
    expect(governanceRouteOf('/partners/a/b', '')).toEqual({ page: 'not-found', path: '/partners/a/b' });
  });

  it('shows each role only the pages it may use', () => {
    const keys = (role: string) => navigationFor(role).map((l) => l.key);
    expect(keys('admin')).toEqual(['map', 'agreements', 'extracts', 'admin']);
    expect(keys('executive')).toEqual(['map', 'agreements']);
    expect(keys('partner:fire')).toEqual(['map', 'agreements', 'partner', 'extracts']);
    expect(navigationFor('partner:fire')[2]?.href).toBe('/partners/fire');
    expect(keys('public')).toEqual(['map']);
  });
});
