import { describe, expect, it } from 'vitest';
import { governanceRouteOf } from './governance-routes.ts';

describe('governance routes', () => {
  it('maps each URL to its page, keeping ids, versions and the admin query', () => {
    expect(governanceRouteOf('/agreements/', '')).toEqual({ page: 'agreements', nav: 'agreements' });
    expect(governanceRouteOf('/agreements/DSA-X', '?version=1.1')).toEqual({ page: 'agreement', nav: 'agreements', id: 'DSA-X', version: '1.1' });
    expect(governanceRouteOf('/partners/police', '')).toEqual({ page: 'partner', nav: 'partner', id: 'police' });
    expect(governanceRouteOf('/admin', '?user=a')).toEqual({ page: 'admin', nav: 'admin', search: '?user=a' });
    expect(governanceRouteOf('/partners/a/b', '')).toEqual({ page: 'not-found', nav: null, path: '/partners/a/b' });
  });
});
