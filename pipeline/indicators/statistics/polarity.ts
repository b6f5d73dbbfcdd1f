/** Which direction of an indicator is good, as in the Fingertips "Polarity" field. */
export type Polarity = 'high-is-good' | 'low-is-good' | 'no-judgement';

/** A value with its confidence limits. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}
