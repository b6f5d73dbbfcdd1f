/**
 * How a file's header is matched to a dataset's layout. Pure (it imports nothing), so the
 * web's upload preview runs these very rules in the browser (see .dependency-cruiser.cjs):
 * the preview and the pipeline cannot disagree about which dataset a header is.
 */

/** What header matching needs of a dataset: its id and its columns (a DatasetModule is one). */
export type HeaderLayout = {
  readonly id: string;
  readonly fields: readonly { readonly name: string; readonly header: string; readonly required: boolean }[];
};

/** Normalises a header cell so "Crime ID", " crime_id " and "CrimeID" compare equal. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_\-]+/g, '');
}

export type HeaderMatch<L extends HeaderLayout = HeaderLayout> = {
  module: L;
  /** For each field name, the column index in the file (fields missing from the file are absent). */
  columnOf: Map<string, number>;
  /** Header cells that are not part of the layout: dropped on read. */
  unknownColumns: string[];
  missingRequired: string[];
  /** Layout columns the header names more than once, with their 1-based positions: which holds the value is ambiguous. */
  duplicated: { header: string; columns: number[] }[];
};

/** Matches a file's header against one dataset layout. */
export function matchHeader<L extends HeaderLayout>(module: L, header: readonly string[]): HeaderMatch<L> {
  const normalised = header.map(normaliseHeader);
  const columnOf = new Map<string, number>();
  const duplicated: HeaderMatch<L>['duplicated'] = [];
  for (const field of module.fields) {
    const wanted = normaliseHeader(field.header);
    const columns = normalised.flatMap((cell, index) => (cell === wanted ? [index + 1] : []));
    if (columns[0] !== undefined) columnOf.set(field.name, columns[0] - 1);
    if (columns.length > 1) duplicated.push({ header: field.header, columns });
  }
  const known = new Set(module.fields.map((field) => normaliseHeader(field.header)));
  const unknownColumns = header.filter((cell, index) => !known.has(normalised[index] ?? '') && cell.trim() !== '');
  const missingRequired = module.fields.filter((field) => field.required && !columnOf.has(field.name)).map((field) => field.header);
  return { module, columnOf, unknownColumns, missingRequired, duplicated };
}

/** How well a header fits: required fields present, fewest differences first. */
function score(match: HeaderMatch<HeaderLayout>): number {
  return match.columnOf.size * 10 - match.missingRequired.length * 20 - match.unknownColumns.length;
}

export type Recognition<L extends HeaderLayout = HeaderLayout> =
  | { ok: true; match: HeaderMatch<L> }
  | { ok: false; closest: HeaderMatch<L> | null; explanation: string };

/** Header names as a refusal quotes them: each cut to 40 characters, at most five, so a huge or hostile header is not echoed whole. */
function quoteHeaders(headers: readonly string[]): string {
  const shown = headers.slice(0, 5).map((h) => `"${h.length > 40 ? `${h.slice(0, 40)}…` : h}"`);
  return headers.length > 5 ? `${shown.join(', ')} and ${headers.length - 5} more` : shown.join(', ');
}

/** Recognises a dataset from its header, or explains the closest miss. */
export function recognise<L extends HeaderLayout>(modules: readonly L[], header: readonly string[]): Recognition<L> {
  const matches = modules.map((module) => matchHeader(module, header)).sort((a, b) => score(b) - score(a));
  const fits = matches.filter((match) => match.missingRequired.length === 0);
  const best = fits[0];
  if (best) return { ok: true, match: best };
  const closest = matches[0] ?? null;
  if (!closest) return { ok: false, closest: null, explanation: 'no dataset layouts are registered' };
  if (matches.every((match) => match.columnOf.size === 0)) {
    // Not a header at all, most likely a data row: its cells may be personal data, so they are never echoed.
    const explanation =
      `the first line matches no column name of any known dataset (${header.length} columns); is the header line missing? ` +
      `Known layouts: ${modules.map((module) => module.id).join(', ')}`;
    return { ok: false, closest: null, explanation };
  }
  const explanation =
    `header fits no known dataset; closest is ${closest.module.id}, ` +
    `missing ${quoteHeaders(closest.missingRequired)}` +
    (closest.unknownColumns.length ? `; unexpected ${quoteHeaders(closest.unknownColumns)}` : '');
  return { ok: false, closest, explanation };
}
