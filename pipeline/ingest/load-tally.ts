/** What loading one extract counted, whichever reader did it; the ingest result and the extract log are built from it. */
export type LoadTally = {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
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

/** An empty tally. */
export function emptyTally(): LoadTally {
  return {
    rowsRead: 0,
    rowsLoaded: 0,
    rowsQuarantined: 0,
    reasons: new Map(),
    placedBy: new Map(),
    codeDisagreements: 0,
    senderSuppressed: 0,
    ambiguous: 0,
    periods: new Set(),
  };
}
