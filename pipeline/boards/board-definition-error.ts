import { ObservatoryError } from '../errors.ts';

/**
 * A board file (priorities.json, risks.json, interventions.json) is malformed or refers to
 * something unknown. It is partnership configuration, so it fails start-up like any other.
 */
export class BoardDefinitionError extends ObservatoryError {
  override readonly kind = 'configuration';
  override readonly type = 'urn:observatory:board-definition';
  override readonly title = 'Board definition problem';
}
