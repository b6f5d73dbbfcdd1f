import { describe, expect, it } from 'vitest';
import { routeOf } from './route.ts';

describe('routeOf', () => {
  it('maps each page’s path, with or without a trailing slash', () => {
    expect(routeOf('/')).toEqual({ page: 'map', nav: 'map' });
    expect(routeOf('/dashboard/')).toEqual({ page: 'dashboard', nav: 'dashboard' });
    expect(routeOf('/areas/E01024915')).toEqual({ page: 'area-profile', nav: 'areas', code: 'E01024915' });
    expect(routeOf('/indicators/all-crime')).toEqual({ page: 'indicator-trend', nav: 'indicators', id: 'all-crime' });
    expect(routeOf('/indicators')).toEqual({ page: 'indicator-trend', nav: 'indicators', id: null });
  });

  it('decodes codes and ids, and names an unknown path', () => {
    expect(routeOf('/areas/a%20b')).toMatchObject({ code: 'a b' });
    expect(routeOf('/nowhere/at/all')).toEqual({ page: 'not-found', nav: null, path: '/nowhere/at/all' });
  });
});
