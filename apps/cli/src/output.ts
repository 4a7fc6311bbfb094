import { WorkerOptionsError } from '@a2v/orchestrator';
import { ConfigError } from '@a2v/config';

/** Exit codes: 0 success, 1 the operation failed, 2 bad usage or bad input/configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs a command body and turns any error into one clear line on stderr and an exit code. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      const e = error as Error;
      process.stderr.write(`a2v: ${e.message}\n`);
      if (process.env.A2V_DEBUG) process.stderr.write(`${e.stack}\n`);
      process.exitCode = [UsageError, ConfigError, WorkerOptionsError].some((k) => e instanceof k) ? EXIT.usage : EXIT.failed;
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
