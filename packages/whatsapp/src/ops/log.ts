/** JSON logs, one line per event; phone-number fields are masked before they are written. */
import { maskPhone } from './mask.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Writes one structured event. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** Field names that hold a citizen's phone number / WhatsApp id. */
const PHONE_FIELDS = new Set(['user', 'from', 'to', 'recipient', 'newWaId']);

/** A logger writing JSON lines to `write` (default: stdout). */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return {
    log(level, event, fields = {}) {
      const record: Record<string, unknown> = { time: new Date().toISOString(), level, event };
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        record[key] = PHONE_FIELDS.has(key) && typeof value === 'string' ? maskPhone(value) : value;
      }
      write(JSON.stringify(record) + '\n');
    },
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { log() {} };
