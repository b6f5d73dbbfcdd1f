import { describe, expect, it } from 'vitest';
import { movedBoardPath, needsSignIn, routeOf } from './route.ts';

describe('routeOf', () => {
  it('maps each page’s path, with or without a trailing slash', () => {
    expect(routeOf('/')).toEqual({ page: 'map', nav: 'map' });
    expect(routeOf('/dashboard/')).toEqual({ page: 'dashboard', nav: 'dashboard' });
    expect(routeOf('/report')).toEqual({ page: 'report', nav: 'report' });
    expect(routeOf('/areas/E01024915')).toEqual({ page: 'area-profile', nav: 'areas', code: 'E01024915' });
    expect(routeOf('/indicators/all-crime')).toEqual({ page: 'indicator-trend', nav: 'indicators', id: 'all-crime' });
    expect(routeOf('/indicators')).toEqual({ page: 'indicator-trend', nav: 'indicators', id: null });
  });

  it('maps the board, extract and governance pages', () => {
    expect(routeOf('/priorities')).toEqual({ page: 'priorities', nav: 'board' });
    expect(routeOf('/risks/')).toEqual({ page: 'risk-register', nav: 'board' });
    expect(routeOf('/interventions')).toEqual({ page: 'interventions', nav: 'board', id: null });
    expect(routeOf('/interventions/burglary-target-hardening')).toEqual({ page: 'interventions', nav: 'board', id: 'burglary-target-hardening' });
    expect(routeOf('/upload')).toEqual({ page: 'upload', nav: 'upload' });
    expect(routeOf('/extracts')).toEqual({ page: 'extract-log', nav: 'extracts' });
    expect(routeOf('/extracts/abc')).toEqual({ page: 'extract-report', nav: 'extracts', id: 'abc' });
    expect(routeOf('/datasets/fire.incidents')).toEqual({ page: 'data-quality', nav: 'extracts', id: 'fire.incidents' });
    expect(routeOf('/agreements/')).toEqual({ page: 'agreements', nav: 'agreements' });
    expect(routeOf('/agreements/DSA-X')).toEqual({ page: 'agreement', nav: 'agreements', id: 'DSA-X' });
    expect(routeOf('/partners/police')).toEqual({ page: 'partner', nav: 'partner', id: 'police' });
    expect(routeOf('/admin')).toEqual({ page: 'admin', nav: 'admin' });
  });

  it('decodes codes and ids, and names an unknown path', () => {
    expect(routeOf('/areas/a%20b')).toMatchObject({ code: 'a b' });
    expect(routeOf('/nowhere/at/all')).toEqual({ page: 'not-found', nav: null, path: '/nowhere/at/all' });
    expect(routeOf('/partners/a/b')).toEqual({ page: 'not-found', nav: null, path: '/partners/a/b' });
    expect(routeOf('/nowhere/x')).toEqual({ page: 'not-found', nav: null, path: '/nowhere/x' });
  });

  it('asks for sign-in on the staff pages only', () => {
    expect(needsSignIn(routeOf('/dashboard'))).toBe(false);
    expect(needsSignIn(routeOf('/areas/E01024915'))).toBe(false);
    for (const path of ['/priorities', '/risks', '/interventions/x', '/upload', '/extracts', '/extracts/x', '/datasets/x', '/agreements', '/agreements/x', '/partners/x', '/admin']) {
      expect(needsSignIn(routeOf(path)), path).toBe(true);
    }
  });

  it('sends the board pages’ old addresses to their own paths', () => {
    expect(routeOf('/boards.html')).toEqual({ page: 'moved', nav: null });
    expect(movedBoardPath('')).toBe('/priorities');
    expect(movedBoardPath('#priorities')).toBe('/priorities');
    expect(movedBoardPath('#risks')).toBe('/risks');
    expect(movedBoardPath('#interventions')).toBe('/interventions');
    expect(movedBoardPath('#interventions/burglary-target-hardening')).toBe('/interventions/burglary-target-hardening');
  });
});
