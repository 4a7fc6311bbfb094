/** A stack problem with its cause and the fix, printed as one message by the CLI. */
export class StackError extends Error {
  override name = 'StackError';
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(fix ? `${message}\n  fix: ${fix}` : message);
  }
}
