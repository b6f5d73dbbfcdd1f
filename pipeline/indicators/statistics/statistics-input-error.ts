/** Raised when a statistical function is given inputs outside its domain. */
export class StatisticsInputError extends Error {
  override readonly name = 'StatisticsInputError';
}
