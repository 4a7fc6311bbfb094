/**
 * The one error type for "this is not a cell of the search space". `rule` is a stable identifier
 * callers can switch on (e.g. to count why decoded architectures were invalid); the message names
 * the rule and the offending value for humans.
 */
export type InvalidCellRule =
  | 'shape'
  | 'not-square'
  | 'ops-length'
  | 'first-op'
  | 'last-op'
  | 'unknown-op'
  | 'not-upper-triangular'
  | 'disconnected'
  | 'too-many-vertices'
  | 'too-many-edges'
  | 'encoding'
  | 'arch-string';

export class InvalidCellError extends Error {
  constructor(
    readonly space: 'nasbench101' | 'nasbench201',
    readonly rule: InvalidCellRule,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCellError';
  }
}
