import { describe, expect, it } from 'vitest';
import type { AreaCollection } from '../api/client.ts';
import { featuresOfKind, kindPhrase, kindPluralPhrase, localityKindsOf, singularKindName } from './locality-kinds.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
function locality(code: string, kind: { id: string; name: string } | undefined): AreaCollection['features'][number] {
  return { type: 'Feature', properties: { code, name: code, ...(kind === undefined ? {} : { kind, lsoas: ['E01000001'] }) }, geometry: square };
}

const npt = { id: 'npt', name: 'Neighbourhood policing teams' };
const pcn = { id: 'pcn', name: 'Primary care networks' };
const collection: AreaCollection = {
  type: 'FeatureCollection',
  features: [locality('npt-1', npt), locality('pcn-1', pcn), locality('npt-2', npt), locality('pcn-2', pcn), locality('pcn-3', pcn)],
};

describe('locality kinds', () => {
  it('are read from the geography, once each, in the order they first appear', () => {
    expect(localityKindsOf(collection)).toEqual([npt, pcn]);
    expect(localityKindsOf({ type: 'FeatureCollection', features: [locality('E05000001', undefined)] })).toEqual([]);
  });

  it('filter the geography to one kind, since kinds overlap', () => {
    expect(featuresOfKind(collection, 'pcn').features.map((feature) => feature.properties.code)).toEqual(['pcn-1', 'pcn-2', 'pcn-3']);
    expect(featuresOfKind(collection, 'area-board').features).toEqual([]);
  });

  it('name one of a kind, and read inside a sentence', () => {
    expect(singularKindName('Primary care networks')).toBe('Primary care network');
    expect(singularKindName('Communities')).toBe('Community');
    expect(singularKindName('Business')).toBe('Business');
    expect(kindPhrase('Neighbourhood policing teams')).toBe('neighbourhood policing team');
    expect(kindPhrase('NHS localities')).toBe('NHS locality');
    expect(kindPluralPhrase('Primary care networks')).toBe('primary care networks');
  });
});
