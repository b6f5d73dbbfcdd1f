/**
 * The optional basemap (issue 14): none by default, so the map fetches nothing from outside and the
 * CSP names no other origin; when the partnership's settings name a style, the catalogue passes it to
 * the map and the CSP lets the browser fetch from that style's origin, and from no other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipManifestSchema } from '../../pipeline/partnership/partnership.ts';
import { createApp } from '../../server/app.ts';
import { IndicatorList } from '../../server/contract/index.ts';
import { observatoryState } from '../../server/observatory-state.ts';
import { bearerFor } from '../support/sign-in.ts';
import { openTempObservatory, type TempObservatory } from '../support/temp-observatory.ts';

const STYLE = 'https://tiles.example.org/styles/streets/style.json';
const MANIFEST = { id: 'x', name: 'X', localAuthorities: [{ code: 'E07000118', name: 'Chorley' }] };

let temp: TempObservatory;
let auth: { authorization: string };

beforeAll(async () => {
  temp = await openTempObservatory();
  auth = await bearerFor(temp.observatory.db);
});
afterAll(async () => temp?.dispose());

function appWith(basemapStyleUrl: string | undefined) {
  const state = observatoryState(temp.observatory, { webDir: null });
  const { basemapStyleUrl: _none, ...partnership } = state.partnership;
  return createApp({ ...state, partnership: basemapStyleUrl === undefined ? partnership : { ...partnership, basemapStyleUrl } });
}

describe('the basemap setting', () => {
  it('is absent from the partnership settings unless set, and must be an http(s) URL', () => {
    expect(partnershipManifestSchema.parse(MANIFEST).basemapStyleUrl).toBeUndefined();
    expect(partnershipManifestSchema.parse({ ...MANIFEST, basemapStyleUrl: STYLE }).basemapStyleUrl).toBe(STYLE);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'tiles.example.org/style.json']) {
      expect(partnershipManifestSchema.safeParse({ ...MANIFEST, basemapStyleUrl: bad }).success, bad).toBe(false);
    }
    expect(temp.observatory.partnership.basemapStyleUrl).toBeUndefined();
  });

  it('by default: the catalogue says none and the CSP lets the page fetch only from the observatory', async () => {
    const response = await appWith(undefined).request('/api/indicators', { headers: auth });
    expect(response.status).toBe(200);
    expect(IndicatorList.parse(await response.json()).basemapStyleUrl).toBeNull();
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).not.toContain('example.org');
  });

  it('when set: the catalogue passes the style to the map and the CSP allows that origin only', async () => {
    const response = await appWith(STYLE).request('/api/indicators', { headers: auth });
    expect(response.status).toBe(200);
    expect(IndicatorList.parse(await response.json()).basemapStyleUrl).toBe(STYLE);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://tiles.example.org;");
    expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("default-src 'self';");
  });
});
