import { pino, type Logger } from 'pino';

/** One structured logger per process; JSON to stderr so stdout stays for command output. */
export function createLogger(name: string, level: string = process.env.A2V_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level }, pino.destination(2));
}
export type { Logger };
