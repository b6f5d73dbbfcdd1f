/** What loading one extract counted, whichever reader did it; the ingest result and the extract log are built from it. */
export type LoadTally = {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** Rows that lie outside the partnership's area: counted, none of their values kept. */
  rowsOutsideArea: number;
  /** Those rows by the district they lie in (null: not known). */
  outsideByDistrict: Map<string | null, number>;
  /** Quarantine reasons with their counts, in order of first occurrence in the file. */
  reasons: Map<string, number>;
  /** Placement methods of loaded rows with their counts, in order of first occurrence. */
  placedBy: Map<string, number>;
  codeDisagreements: number;
  senderSuppressed: number;
  ambiguous: number;
  /** Periods (YYYY-MM) of the loaded rows. */
  periods: Set<string>;
};

/** Counts n rows outside the area in district. */
export function countOutside(tally: Pick<LoadTally, 'rowsOutsideArea' | 'outsideByDistrict'>, district: string | null, n: number): void {
  tally.rowsOutsideArea += n;
  tally.outsideByDistrict.set(district, (tally.outsideByDistrict.get(district) ?? 0) + n);
}

/** An empty tally. */
export function emptyTally(): LoadTally {
  return {
    rowsRead: 0,
    rowsLoaded: 0,
    rowsQuarantined: 0,
    rowsOutsideArea: 0,
    outsideByDistrict: new Map(),
    reasons: new Map(),
    placedBy: new Map(),
    codeDisagreements: 0,
    senderSuppressed: 0,
    ambiguous: 0,
    periods: new Set(),
  };
}
