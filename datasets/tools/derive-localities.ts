/**
 * Derives the pilot's illustrative localities (datasets/chorley-south-ribble/localities.json) from its
 * own LSOA boundaries and ward lookup. Re-running it rewrites the same bytes. Two kinds:
 *  - neighbourhood policing teams: groups of whole wards (as teams are drawn in practice);
 *  - primary care networks: clusters of LSOAs by where they lie (k-means on LSOA centroids, seeded
 *    deterministically), which cut across wards and the district boundary as GP practice lists do.
 * Both are illustrative, not the real teams or networks: they exist so the observatory's locality
 * level, and its disclosure control across areas that do not nest, are exercised on real geography.
 *
 *   node --import tsx datasets/tools/derive-localities.ts [--dir datasets/chorley-south-ribble]
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as turf from '@turf/turf';
import { z } from 'zod';
import { readCsv } from './csv.ts';
import { readAreaCollection, stringProp } from './geo.ts';

const { values: args } = parseArgs({ options: { dir: { type: 'string', default: 'datasets/chorley-south-ribble' } } });
const DIR = resolve(args.dir ?? 'datasets/chorley-south-ribble');

/** Policing teams as groups of wards, by ward name. */
const POLICING_TEAMS: { code: string; name: string; wards: string[] }[] = [
  {
    code: 'npt-chorley-town',
    name: 'Chorley Town',
    wards: ['Chorley East', 'Chorley North East', 'Chorley North West', 'Chorley North & Astley', 'Chorley South East & Heath Charnock', 'Chorley South West'],
  },
  { code: 'npt-chorley-west', name: 'Chorley West and Rural', wards: ['Croston, Mawdesley & Euxton South', 'Eccleston, Heskin & Charnock Richard', 'Euxton', 'Coppull'] },
  { code: 'npt-chorley-east', name: 'Chorley East and Clayton', wards: ['Adlington & Anderton', 'Buckshaw & Whittle', 'Clayton East, Brindle & Hoghton', 'Clayton West & Cuerden'] },
  {
    code: 'npt-leyland',
    name: 'Leyland',
    wards: ['Broadfield', 'Buckshaw & Worden', 'Earnshaw Bridge', 'Farington East', 'Farington West', 'Leyland Central', 'Moss Side', 'Seven Stars', 'St Ambrose'],
  },
  {
    code: 'npt-penwortham',
    name: 'Penwortham and Western Parishes',
    wards: ['Broad Oak', 'Charnock', 'Howick & Priory', 'Middleforth', 'Hoole', 'Longton & Hutton West', 'New Longton & Hutton East'],
  },
  {
    code: 'npt-bamber-bridge',
    name: 'Bamber Bridge and Walton',
    wards: ['Bamber Bridge East', 'Bamber Bridge West', 'Coupe Green & Gregson Lane', 'Lostock Hall', 'Samlesbury & Walton', 'Walton-le-Dale East', 'Walton-le-Dale West'],
  },
];
const CARE_NETWORKS = 8;

const lookup = readCsv(
  join(DIR, 'lookups/lsoa21_ward_lad.csv'),
  z.object({ lsoa21_code: z.string(), ward_code: z.string(), ward_name: z.string(), lad_name: z.string() }),
);
const centroids = new Map(
  readAreaCollection(join(DIR, 'geography/lsoa21.geojson')).map((f) => [stringProp(f, 'code'), turf.centroid(turf.feature(f.geometry)).geometry.coordinates as [number, number]]),
);

function policingTeams() {
  const used = new Set<string>();
  const teams = POLICING_TEAMS.map((team) => {
    for (const w of team.wards) if (!lookup.some((r) => r.ward_name === w)) throw new Error(`no ward named ${w}`);
    for (const w of team.wards) if (used.has(w)) throw new Error(`ward ${w} is in two teams`);
    team.wards.forEach((w) => used.add(w));
    return { code: team.code, name: team.name, lsoas: lookup.filter((r) => team.wards.includes(r.ward_name)).map((r) => r.lsoa21_code).sort() };
  });
  const missing = [...new Set(lookup.map((r) => r.ward_name))].filter((w) => !used.has(w));
  if (missing.length > 0) throw new Error(`wards in no team: ${missing.join(', ')}`);
  return teams;
}

/** k-means on LSOA centroids (scaled to km), started from the farthest-point seeds of the first LSOA by code. */
function careNetworks() {
  const codes = [...centroids.keys()].sort();
  const lat0 = (centroids.get(codes[0]!)![1] * Math.PI) / 180;
  const xy = codes.map((c) => {
    const [lon, lat] = centroids.get(c)!;
    return [lon * 111.32 * Math.cos(lat0), lat * 110.57] as const;
  });
  const d2 = (a: readonly number[], b: readonly number[]) => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2;
  const centres: number[][] = [[...xy[0]!]];
  while (centres.length < CARE_NETWORKS) {
    let best = 0;
    let bestDistance = -1;
    xy.forEach((p, i) => {
      const nearest = Math.min(...centres.map((c) => d2(p, c)));
      if (nearest > bestDistance) [best, bestDistance] = [i, nearest];
    });
    centres.push([...xy[best]!]);
  }
  let assignment = new Array<number>(xy.length).fill(-1);
  for (let round = 0; round < 100; round++) {
    const next = xy.map((p) => centres.reduce((best, c, k) => (d2(p, c) < d2(p, centres[best]!) ? k : best), 0));
    if (next.every((k, i) => k === assignment[i])) break;
    assignment = next;
    centres.forEach((c, k) => {
      const mine = xy.filter((_, i) => assignment[i] === k);
      if (mine.length > 0) [c[0], c[1]] = [mine.reduce((s, p) => s + p[0], 0) / mine.length, mine.reduce((s, p) => s + p[1], 0) / mine.length];
    });
  }
  // Named by the ward most of their LSOAs lie in; numbered from north to south.
  const networks = centres.map((c, k) => {
    const lsoas = codes.filter((_, i) => assignment[i] === k);
    const wards = new Map<string, number>();
    for (const l of lsoas) {
      const ward = lookup.find((r) => r.lsoa21_code === l)!.ward_name;
      wards.set(ward, (wards.get(ward) ?? 0) + 1);
    }
    const main = [...wards].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    return { north: c[1]!, lsoas, main };
  });
  networks.sort((a, b) => b.north - a.north);
  return networks.map((n, i) => ({ code: `pcn-${i + 1}`, name: `Care network ${i + 1} (around ${n.main})`, lsoas: n.lsoas }));
}

const localities = {
  $comment:
    'Illustrative localities for the pilot, derived by datasets/tools/derive-localities.ts from the pilot\'s own boundaries and ward lookup: they are NOT the real neighbourhood policing teams or primary care networks of Chorley and South Ribble.',
  kinds: [
    {
      id: 'neighbourhood-policing-team',
      name: 'Neighbourhood policing teams',
      description: 'Illustrative: six teams, each a group of whole wards within one district.',
      localities: policingTeams(),
    },
    {
      id: 'primary-care-network',
      name: 'Primary care networks',
      description: 'Illustrative: eight networks, each a cluster of neighbouring LSOAs; they cut across wards and the district boundary, as practice lists do.',
      localities: careNetworks(),
    },
  ],
};
writeFileSync(join(DIR, 'localities.json'), `${JSON.stringify(localities, null, 2)}\n`);
console.log(`wrote ${join(DIR, 'localities.json')}: ${localities.kinds.map((k) => `${k.localities.length} ${k.name.toLowerCase()}`).join(', ')}`);
