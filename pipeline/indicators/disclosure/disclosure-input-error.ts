/** Raised when disclosure control is given inconsistent rules, cells or groups. */
export class DisclosureInputError extends Error {
  override readonly name = 'DisclosureInputError';
}
