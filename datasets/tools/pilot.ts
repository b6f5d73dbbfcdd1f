/**
 * Generates the pilot partnership's extracts (police, fire, health, council) for a range of months,
 * with the irregular cases of DESIGN.md §2 planted in known files and rows, and writes MANIFEST.md.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { loadAreas, partnershipSources, type Lsoa } from './areas.ts';
import { monthRange, quarterLabel, ymText, type YearMonth } from './calendar.ts';
import { AE_ASSAULT_HEADER, AeAssaultModel, PRESTON_LSOAS } from './ae-assault.ts';
import { readCsv } from './csv.ts';
import { buildCouncilModel, COUNCIL_HEADER, councilMonth } from './council.ts';
import { buildFireModel, FIRE_HEADER, fireMonth } from './fire.ts';
import { readAreaCollection, stringProp } from './geo.ts';
import { HEALTH_HEADER, HEALTH_MEASURES, HealthModel, loadFallsRates, suppressedCount, type SenderSuppression } from './health.ts';
import { appliesIn, monthThinning, PLANTED_EFFECTS, resolvePlantedEffects, type PlantedEffect, type ResolvedEffect } from './planted-effects.ts';
import { policeRow, POLICE_HEADER, profileFromRealFiles, type PoliceMess } from './police.ts';
import { Rng, WeightedPicker } from './rng.ts';
import { CLEAN, renderCsv, type FileStyle } from './writer.ts';

/** Options of a pilot run. */
export interface PilotOptions {
  partnershipDir: string;
  /** A Fingertips extract with indicator 22401 (falls admissions 65+, persons) for the pilot areas and England. */
  fallsRatesCsv: string;
  /** A folder of real data.police.uk whole-force files to copy in first; without it the committed copies are used. */
  realPoliceSource?: string;
  seed: number;
  start: YearMonth;
  months: number;
  /** Months for which real whole-force police files are copied instead of generated. */
  realPoliceMonths: readonly string[];
  /** Known effects to plant (planted-effects.ts); their areas and start come from the partnership's interventions.json. */
  plantedEffects?: readonly PlantedEffect[];
}

interface ManifestEntry {
  dir: string;
  file: string;
  origin: 'real' | 'generated';
  period: string;
  rows: number;
  style: string;
  cases: string[];
}

const TOWNS: Record<string, readonly string[]> = {
  E07000118: ['Chorley', 'Adlington', 'Coppull', 'Euxton', 'Clayton-le-Woods', 'Whittle-le-Woods', 'Eccleston'],
  E07000126: ['Leyland', 'Penwortham', 'Bamber Bridge', 'Lostock Hall', 'Walton-le-Dale', 'Longton'],
};
const OUTWARD: Record<string, readonly string[]> = {
  E07000118: ['PR6', 'PR7'],
  E07000126: ['PR1', 'PR4', 'PR5', 'PR25', 'PR26'],
};
// Points clearly outside the partnership (BNG): central Preston, Wigan and Blackpool.
const OUTSIDE_BNG: readonly [number, number][] = [[354060, 429480], [358020, 405830], [330900, 436100]];

function describe(style: FileStyle): string {
  const eol = style.eol === '\n' ? 'LF' : style.eol === '\r\n' ? 'CRLF' : 'CR only';
  const parts = [style.encoding === 'utf8' ? 'UTF-8' : 'Windows-1252', style.bom ? 'BOM' : 'no BOM', eol];
  if (style.trailingBlankLines > 0) parts.push(`${style.trailingBlankLines} trailing blank lines`);
  if (style.headerLine) parts.push('non-canonical header');
  return parts.join(', ');
}

/** A planted irregularity: row index within the file and what it is. */
interface Plant {
  row: number;
  what: string;
}

/** Picks `n` distinct row indices deterministically. */
function pickRows(rng: Rng, total: number, n: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(n, total)) chosen.add(rng.int(0, total - 1));
  return [...chosen].sort((a, b) => a - b);
}

/** Generates every pilot extract and MANIFEST.md. */
export function generatePilot(opts: PilotOptions): ManifestEntry[] {
  const extracts = join(opts.partnershipDir, 'extracts');
  const lsoas = loadAreas(partnershipSources(opts.partnershipDir));
  const byLad = (map: Record<string, readonly string[]>, l: Lsoa): readonly string[] => map[l.ladCode] ?? ['Town'];
  const town = (l: Lsoa): string => {
    const towns = byLad(TOWNS, l);
    // The same LSOA always gets the same town so addresses stay coherent.
    return towns[parseInt(l.code.slice(3), 10) % towns.length] ?? 'Town';
  };
  const months = monthRange(opts.start, opts.months);
  const quarters = new Map<string, YearMonth[]>();
  for (const ym of months) quarters.set(quarterLabel(ym), [...(quarters.get(quarterLabel(ym)) ?? []), ym]);
  const manifest: ManifestEntry[] = [];

  for (const d of ['police', 'fire', 'health', 'council']) {
    const dir = join(extracts, d);
    mkdirSync(dir, { recursive: true });
    // Old generated files of another run would linger and confuse loaders; real copies are rewritten below.
    for (const f of readdirSync(dir)) if (f.startsWith('generated-')) rmSync(join(dir, f));
  }

  const emit = (dir: string, file: string, header: readonly string[], rows: string[][], style: FileStyle, period: string, plants: Plant[], notes: string[] = []): void => {
    const { bytes, lineOfRow } = renderCsv(header, rows, style);
    writeFileSync(join(extracts, dir, file), bytes);
    const grouped = new Map<string, number[]>();
    for (const p of plants) grouped.set(p.what, [...(grouped.get(p.what) ?? []), lineOfRow[p.row] ?? -1]);
    const cases = [...notes, ...[...grouped].map(([what, lines]) => `${what} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})`)];
    manifest.push({ dir, file, origin: 'generated', period, rows: rows.length, style: describe(style), cases });
  };

  // ---- police ------------------------------------------------------------------------------
  const lsoa11Codes = new Set(
    readAreaCollection(join(opts.partnershipDir, 'geography', 'lsoa11.geojson')).map((f) => stringProp(f, 'code')),
  );
  const realPaths: string[] = [];
  for (const m of opts.realPoliceMonths) {
    const name = `${m}-lancashire-street.csv`;
    const dst = join(extracts, 'police', name);
    if (opts.realPoliceSource !== undefined) copyFileSync(join(opts.realPoliceSource, name), dst);
    if (!existsSync(dst)) throw new Error(`real police file missing: ${dst}`);
    realPaths.push(dst);
  }
  const profile = profileFromRealFiles(realPaths, lsoa11Codes);
  for (const p of realPaths) {
    const rows = readCsvRowCount(p);
    manifest.push({ dir: 'police', file: basename(p), origin: 'real', period: basename(p).slice(0, 7), rows, style: 'UTF-8, no BOM, LF (data.police.uk, byte for byte)', cases: ['whole-force file: rows outside the pilot (Blackburn with Darwen, Blackpool, other forces\' areas) and rows with no location'] });
  }
  for (const ym of months) {
    const month = ymText(ym);
    if (opts.realPoliceMonths.includes(month)) continue;
    const rng = new Rng(opts.seed, `police:${month}`);
    const n = rng.poisson(profile.monthlyVolume * (1 + 0.08 * Math.cos((2 * Math.PI * (ym.month - 7)) / 12)));
    const outside = rng.int(2, 5);
    const rows: { mess?: PoliceMess; fields: string[] }[] = [];
    for (let i = 0; i < n; i++) {
      const mess: PoliceMess | undefined = rng.chance(0.004) ? 'no_location' : undefined;
      rows.push({ mess, fields: policeRow(profile, month, 'Lancashire Constabulary', rng, mess) });
    }
    for (let i = 0; i < outside; i++) rows.push({ mess: 'out_of_area', fields: policeRow(profile, month, 'Lancashire Constabulary', rng, 'out_of_area') });
    // data.police.uk files are grouped by LSOA; rows with no location come last.
    const key = (r: { fields: string[] }): string => (r.fields[8] === '' ? '\uffff' : (r.fields[8] ?? ''));
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const plants: Plant[] = [];
    rows.forEach((r, i) => {
      if (r.mess === 'no_location') plants.push({ row: i, what: 'no coordinates ("No Location", no LSOA)' });
      if (r.mess === 'out_of_area') plants.push({ row: i, what: 'out-of-area row (real non-pilot snapped point)' });
    });
    emit('police', `generated-${month}-lancashire-street.csv`, POLICE_HEADER, rows.map((r) => r.fields), CLEAN, month, plants);
  }

  const planted = resolvePlantedEffects(opts.partnershipDir, opts.plantedEffects ?? PLANTED_EFFECTS);
  const plantedNotes = (dataset: PlantedEffect['dataset'], qMonths: readonly YearMonth[]): string[] =>
    planted.filter((e) => e.dataset === dataset && qMonths.some((ym) => appliesIn(e, ymText(ym)))).map(plantedNote);

  // ---- fire --------------------------------------------------------------------------------
  const fireModel = buildFireModel(lsoas, town, (l) => byLad(OUTWARD, l));
  const fireStyles: Record<string, FileStyle> = {
    '2017-Q3': { ...CLEAN, trailingBlankLines: 3 },
    '2017-Q4': { ...CLEAN, encoding: 'windows-1252' },
    '2018-Q2': {
      ...CLEAN,
      headerLine: ' Incident_Number , Call DateTime ,Incident Group,INCIDENT_TYPE, property_category,Property Type,Deliberate,Easting,Northing,Ward Name,Caller Name,Address',
    },
    '2018-Q4': { ...CLEAN, eol: '\r\n' },
  };
  for (const [q, qMonths] of quarters) {
    const rows = qMonths.flatMap((ym) => fireMonth(fireModel, ym, new Rng(opts.seed, `fire:${ymText(ym)}`), 1, monthThinning(planted, 'fire', ym, opts.seed)).map((r) => r.fields));
    const rng = new Rng(opts.seed, `fire-mess:${q}`);
    const style = fireStyles[q] ?? CLEAN;
    const plants: Plant[] = [];
    const notes: string[] = plantedNotes('fire', qMonths);
    const set = (row: number, col: number, value: string): void => {
      const r = rows[row];
      if (r) r[col] = value;
    };
    if (q === '2017-Q2' || q === '2019-Q1') {
      for (const [k, row] of pickRows(rng, rows.length, 2).entries()) {
        const pt = OUTSIDE_BNG[k] ?? OUTSIDE_BNG[0] ?? [0, 0];
        set(row, 7, String(pt[0]));
        set(row, 8, String(pt[1]));
        plants.push({ row, what: 'easting/northing outside the partnership' });
      }
    }
    if (q === '2017-Q3' || q === '2019-Q1') {
      for (const row of pickRows(rng, rows.length, q === '2017-Q3' ? 2 : 1)) {
        set(row, 7, '0');
        set(row, 8, '0');
        plants.push({ row, what: 'easting/northing 0,0' });
      }
    }
    if (q === '2017-Q4') {
      const accented: [number, string][] = [
        [5, 'Café/coffee shop'], [5, 'Crèche/day nursery'], [5, 'Shop - £1 discount store'], [10, 'Zoë Haworth'], [10, 'José Núñez'], [11, 'Flat 3, Brontë Court, Café Lane, Chorley, PR7 2QX'],
      ];
      for (const [k, row] of pickRows(rng, rows.length, accented.length).entries()) {
        const [col, text] = accented[k] ?? [5, 'Café'];
        set(row, col, text);
        plants.push({ row, what: `non-ASCII text in ${FIRE_HEADER[col]} ("${text}")` });
      }
      notes.push('whole file encoded Windows-1252 (£ = 0xA3, é = 0xE9, ë = 0xEB, ú = 0xFA, ñ = 0xF1)');
    }
    if (q === '2018-Q1') {
      const odd = ['Flat 2, "The Willows"\n14 Millbrook Lane\nChorley, PR7 1AB', 'Unit 4, Kestrel Trading Estate\nLeyland, PR25 3ZZ', 'Rear of "Pinfold Stores", 2 Pinfold Road, Euxton, PR7 6JJ'];
      for (const [k, row] of pickRows(rng, rows.length, odd.length).entries()) {
        set(row, 11, odd[k] ?? '');
        plants.push({ row, what: 'address with quotes, commas and/or embedded new lines (quoted field)' });
      }
      const bad = pickRows(rng, rows.length, 1)[0] ?? 0;
      set(bad, 1, '31/02/2018 10:15');
      plants.push({ row: bad, what: 'impossible date 31/02/2018' });
    }
    if (q === '2018-Q2') notes.push('header in different case and spacing: " Incident_Number , Call DateTime ,Incident Group,INCIDENT_TYPE, property_category,…"');
    if (q === '2018-Q3') {
      const [a, b] = pickRows(rng, rows.length, 2);
      set(a ?? 0, 1, '2018-13-01 14:05');
      set(b ?? 1, 1, '');
      plants.push({ row: a ?? 0, what: 'bad date 2018-13-01 (wrong format, month 13)' }, { row: b ?? 1, what: 'empty call_datetime' });
    }
    emit('fire', `generated-fire-incidents-${q}.csv`, FIRE_HEADER, rows, style, q, plants, notes);
  }

  // ---- health ------------------------------------------------------------------------------
  const falls = loadFallsRates(opts.fallsRatesCsv);
  const health = new HealthModel(lsoas, falls);
  const lookup = readCsv(
    join(opts.partnershipDir, 'lookups', 'lsoa11_lsoa21.csv'),
    z.object({ lsoa11_code: z.string(), lsoa21_code: z.string(), share_of_lsoa11: z.coerce.number(), share_of_lsoa21: z.coerce.number(), relationship: z.string() }),
  );
  // For files on the older system's 2011 codes: each 2021 LSOA's events are shared among its 2011 parents by area share.
  const parents = new Map<string, WeightedPicker<string>>();
  for (const code of new Set(lookup.map((r) => r.lsoa21_code))) {
    const rs = lookup.filter((r) => r.lsoa21_code === code);
    parents.set(code, new WeightedPicker(rs.map((r) => r.lsoa11_code), rs.map((r) => r.share_of_lsoa21)));
  }
  const splitParents = [...new Set(lookup.filter((r) => r.relationship === 'split').map((r) => r.lsoa11_code))].sort();
  const quarterList = [...quarters.keys()];
  quarterList.forEach((q, qi) => {
    const qMonths = quarters.get(q) ?? [];
    const old = qi < quarterList.length / 2;
    // Only the older system suppresses small counts itself; the 2021-coded feed sends exact counts.
    const marker: SenderSuppression = old ? '*' : null;
    const rows: string[][] = [];
    const plants: Plant[] = [];
    const notes: string[] = [old ? 'LSOA 2011 codes (older system); every 2011 code that split in 2021 appears (e.g. ' + splitParents.slice(0, 2).join(', ') + ')' : 'LSOA 2021 codes'];
    notes.push(marker === null ? 'exact counts, 1–4 included (the observatory applies the agreement\'s threshold)' : `counts 1–4 written as \`${marker}\` (the sender's own suppression)`);
    for (const ym of qMonths) {
      const rng = new Rng(opts.seed, `health:${ymText(ym)}`);
      const counts = health.month(ym, rng);
      for (const measure of HEALTH_MEASURES) {
        const c = counts[measure];
        if (old) {
          const agg = new Map<string, number>();
          lsoas.forEach((l, i) => {
            const n = c[i] ?? 0;
            const p = parents.get(l.code);
            for (let k = 0; k < n; k++) {
              const code = p ? p.pick(rng) : l.code;
              agg.set(code, (agg.get(code) ?? 0) + 1);
            }
            if (p) for (const r of lookup.filter((x) => x.lsoa21_code === l.code)) if (!agg.has(r.lsoa11_code)) agg.set(r.lsoa11_code, 0);
          });
          for (const [code, n] of [...agg].sort((a, b) => (a[0] < b[0] ? -1 : 1))) rows.push([code, ymText(ym), measure, suppressedCount(n, marker)]);
        } else {
          lsoas.forEach((l, i) => rows.push([l.code, ymText(ym), measure, suppressedCount(c[i] ?? 0, marker)]));
        }
      }
    }
    // One 2021-coded file carries a month of rows from the old feed for a 2011 code that split in 2021.
    if (q === quarterList[quarterList.length / 2 + 1]) {
      const parent = splitParents[0] ?? '';
      const children = new Set(lookup.filter((r) => r.lsoa11_code === parent).map((r) => r.lsoa21_code));
      const period = ymText(qMonths[1] ?? qMonths[0] ?? opts.start);
      const kept: string[][] = [];
      const merged = new Map<string, number>();
      for (const r of rows) {
        if (r[1] === period && children.has(r[0] ?? '')) {
          const v = r[3] ?? '0';
          // Files on 2021 codes carry exact counts; a marker (never expected here) would count as 2 to keep the parent plausible.
          merged.set(r[2] ?? '', (merged.get(r[2] ?? '') ?? 0) + (/^\d+$/.test(v) ? Number(v) : 2));
        } else kept.push(r);
      }
      rows.length = 0;
      rows.push(...kept);
      for (const [measure, n] of merged) {
        plants.push({ row: rows.length, what: `LSOA 2011 code ${parent} (split in 2021 into ${[...children].join(', ')}) in a 2021-coded file, ${period}` });
        rows.push([parent, period, measure, suppressedCount(n, marker)]);
      }
    }
    const style: FileStyle = q === '2017-Q3' ? { ...CLEAN, trailingBlankLines: 2 } : q === quarterList[quarterList.length / 2] ? { ...CLEAN, eol: '\r\n' } : CLEAN;
    emit('health', `generated-health-activity-${q}.csv`, HEALTH_HEADER, rows, style, q, plants, notes);
  });

  // ---- health: A&E attendances for assault (Cardiff model) ----------------------------------
  const assault = new AeAssaultModel(lsoas);
  let attendance = 1;
  const patients: string[] = [];
  const patientRng = new Rng(opts.seed, 'ae-assault-patients');
  // About one attendance in twelve is a patient seen for assault before (repeat victims).
  const patientOf = (rng: Rng): string => {
    if (patients.length > 0 && rng.chance(0.08)) return rng.pick(patients);
    const id = `RXN${String(patientRng.int(1_000_000, 9_999_999))}`;
    patients.push(id);
    return id;
  };
  quarterList.forEach((q, qi) => {
    const rows = (quarters.get(q) ?? []).flatMap((ym) =>
      assault.month(ym, new Rng(opts.seed, `ae-assault:${ymText(ym)}`), () => `ED${ym.year}-${String(attendance++).padStart(6, '0')}`, patientOf),
    );
    const rng = new Rng(opts.seed, `ae-assault-mess:${q}`);
    const plants: Plant[] = [];
    const notes = ['incident LSOA blank in about 30% of rows (the patient did not say where): placed by the residence LSOA'];
    // One planted row a file at most (files hold about 200 rows): an assault in Preston, or no LSOA at all.
    const row = pickRows(rng, rows.length, 1)[0] ?? 0;
    const fields = rows[row];
    if (fields && qi % 2 === 0) {
      fields[3] = PRESTON_LSOAS[qi % PRESTON_LSOAS.length] ?? PRESTON_LSOAS[0];
      plants.push({ row, what: `incident LSOA ${fields[3]} in central Preston (outside the partnership)` });
    } else if (fields && qi % 4 === 1) {
      fields[3] = '';
      fields[4] = '';
      plants.push({ row, what: 'neither incident nor residence LSOA (cannot be placed)' });
    }
    emit('health', `generated-ae-assault-attendances-${q}.csv`, AE_ASSAULT_HEADER, rows, CLEAN, q, plants, notes);
  });

  // ---- council -----------------------------------------------------------------------------
  const councilModel = buildCouncilModel(lsoas, (l) => byLad(OUTWARD, l));
  const councilStyles: Record<string, FileStyle> = {
    '2017-Q3': { ...CLEAN, trailingBlankLines: 4 },
    '2018-Q1': { ...CLEAN, bom: true, eol: '\r\n' },
    '2018-Q2': { ...CLEAN, eol: '\r' },
    '2018-Q3': { ...CLEAN, headerLine: ' Case_Ref , Received Date ,SERVICE,Postcode,Easting,Northing,UPRN,Ward Name,Complainant Name,Complainant Phone' },
  };
  let ref = 1;
  for (const [q, qMonths] of quarters) {
    const rows: string[][] = [];
    for (const ym of qMonths) {
      const monthRows = councilMonth(councilModel, ym, new Rng(opts.seed, `council:${ymText(ym)}`), ref, 1, monthThinning(planted, 'council', ym, opts.seed));
      ref += monthRows.length;
      rows.push(...monthRows.map((r) => r.fields));
    }
    const rng = new Rng(opts.seed, `council-mess:${q}`);
    const plants: Plant[] = [];
    const notes: string[] = plantedNotes('council', qMonths);
    const set = (row: number, col: number, value: string): void => {
      const r = rows[row];
      if (r) r[col] = value;
    };
    if (q === '2017-Q2') {
      for (const [k, row] of pickRows(rng, rows.length, 3).entries()) {
        const pt = OUTSIDE_BNG[k] ?? [0, 0];
        set(row, 4, String(pt[0]));
        set(row, 5, String(pt[1]));
        plants.push({ row, what: 'easting/northing outside the partnership' });
      }
    }
    if (q === '2017-Q3') {
      for (const row of pickRows(rng, rows.length, 2)) {
        set(row, 8, 'Whittle, Margaret (Mrs)');
        plants.push({ row, what: 'quoted field with a comma (complainant_name)' });
      }
    }
    if (q === '2017-Q4') {
      const [a, b, c] = pickRows(rng, rows.length, 3);
      set(a ?? 0, 1, '');
      set(b ?? 1, 1, '');
      set(c ?? 2, 1, '2018-13-01');
      plants.push({ row: a ?? 0, what: 'empty received_date' }, { row: b ?? 1, what: 'empty received_date' }, { row: c ?? 2, what: 'bad date 2018-13-01' });
    }
    if (q === '2018-Q1') {
      const bad = pickRows(rng, rows.length, 1)[0] ?? 0;
      set(bad, 1, '31/02/2018');
      plants.push({ row: bad, what: 'impossible date 31/02/2018' });
      notes.push('UTF-8 with byte-order mark and CRLF line endings');
    }
    if (q === '2018-Q2') {
      for (const row of pickRows(rng, rows.length, 2)) {
        set(row, 4, '0');
        set(row, 5, '0');
        plants.push({ row, what: 'easting/northing 0,0' });
      }
      notes.push('CR-only line endings (old Mac-style export)');
    }
    if (q === '2018-Q3') notes.push('header in different case and spacing: " Case_Ref , Received Date ,SERVICE,…"');
    if (q === '2018-Q4') {
      const odd = ['Patrick "Paddy" O\'Brien', 'Jane Rigby\nc/o Leyland Tenants, Assoc.'];
      for (const [k, row] of pickRows(rng, rows.length, odd.length).entries()) {
        set(row, 8, odd[k] ?? '');
        plants.push({ row, what: 'quoted field with quotes, commas or an embedded new line (complainant_name)' });
      }
    }
    emit('council', `generated-council-service-requests-${q}.csv`, COUNCIL_HEADER, rows, councilStyles[q] ?? CLEAN, q, plants, notes);
  }

  writeFileSync(join(extracts, 'MANIFEST.md'), manifestText(manifest, opts));
  return manifest;
}

/** The MANIFEST's line for a file holding a planted effect. */
function plantedNote(e: ResolvedEffect): string {
  const where = e.wards.length > 0 ? `wards ${e.wards.join(', ')} (${e.lsoas.size} LSOAs)` : `LSOAs ${[...e.lsoas].join(', ')}`;
  return `planted effect: "${e.records}" records in ${where} kept at ${e.rateRatio} of the generated rate from ${e.start}${e.end ? ` to ${e.end}` : ''} (intervention ${e.intervention}; datasets/tools/planted-effects.ts)`;
}

function readCsvRowCount(path: string): number {
  return readCsv(path, z.record(z.string(), z.string())).length;
}

function manifestText(entries: ManifestEntry[], opts: PilotOptions): string {
  const out: string[] = [
    '# Pilot extracts: what each file is and which irregular cases it carries',
    '',
    `Regenerate with \`node --import tsx datasets/tools/generate-extracts.ts --partnership datasets/chorley-south-ribble --seed ${opts.seed}\``,
    '(same seed → same bytes; the three real police files are kept as they are, or re-copied with `--data <open data folder>`).',
    '',
    'Every file whose name starts with `generated-` is **generated** by a seeded generator calibrated on real figures',
    '(Census 2021 population and households, IMD 2025 scores, Fingertips falls rates, real data.police.uk pilot rows);',
    'it is not data any partner sent. Names, phone numbers, addresses, postcodes and UPRNs in generated files are fictional.',
    'The three files without the prefix are **real** data.police.uk whole-force files, copied byte for byte.',
    '',
    'Line numbers are physical lines (header = line 1), where each listed record starts.',
    '',
  ];
  for (const dir of ['police', 'fire', 'health', 'council']) {
    out.push(`## ${dir}`, '', '| file | origin | period | data rows | bytes/format | planted cases |', '| --- | --- | --- | --- | --- | --- |');
    for (const e of entries.filter((x) => x.dir === dir).sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))) {
      out.push(`| ${e.file} | ${e.origin} | ${e.period} | ${e.rows} | ${e.style} | ${e.cases.length > 0 ? e.cases.join('; ') : '—'} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
