/**
 * Series colours of the charts: distinguishable with the common colour-vision
 * deficiencies (from the Okabe–Ito set) and at least 3:1 against white, as
 * WCAG 2.2 asks of graphical objects. Lines also differ in dash, so no
 * reading depends on colour alone.
 */
export const AREA_COLOUR = '#0a5a9c';
export const BENCHMARK_COLOUR = '#b35300';
export const PARTNERSHIP_COLOUR = '#4d4d4d';
export const SPREAD_COLOUR = '#d5dbe1';
export const QUARTILE_COLOUR = '#8f9ba6';
