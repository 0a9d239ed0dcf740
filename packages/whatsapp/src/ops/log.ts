/**
 * JSON logs, one line per event. Phone-number fields are masked; the values of the server's
 * secrets (access token, app secret, verify token, metrics token) are replaced by `[redacted]`
 * wherever they occur in a line; a line is at most MAX_LOG_LINE characters (long fields are cut).
 */
import { maskPhone, redactSecrets } from './mask.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Writes one structured event. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** Options of `jsonLogger`. */
export interface JsonLoggerOptions {
  /** Values never written (e.g. the values of SECRET_ENV_VARS); empty and very short ones are ignored. */
  readonly secrets?: readonly (string | undefined)[];
  /** Longest line written, in characters (default MAX_LOG_LINE). */
  readonly maxLine?: number;
}

/** Environment variables whose values are secrets: `samvad serve` passes their values to the logger. */
export const SECRET_ENV_VARS = ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'SAMVAD_METRICS_TOKEN'] as const;

/** Longest line written (a reload refused with many diagnostics is cut here). */
export const MAX_LOG_LINE = 16 * 1024;

/** Field names that hold a citizen's phone number / WhatsApp id. */
const PHONE_FIELDS = new Set(['user', 'from', 'to', 'recipient', 'newWaId']);

/** A logger writing JSON lines to `write` (default: stdout). */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l), options: JsonLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => s !== undefined && s !== '');
  // Longest first, so a secret containing another is redacted whole.
  secrets.sort((a, b) => b.length - a.length);
  const maxLine = options.maxLine ?? MAX_LOG_LINE;
  const clean = (text: string) => (secrets.length === 0 ? text : redactSecrets(text, secrets));
  return {
    log(level, event, fields = {}) {
      const record: Record<string, unknown> = { time: new Date().toISOString(), level, event: clean(event) };
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        record[clean(key)] = PHONE_FIELDS.has(key) && typeof value === 'string' ? maskPhone(value) : typeof value === 'string' ? clean(value) : value;
      }
      let line = clean(JSON.stringify(record));
      if (line.length > maxLine) line = clean(JSON.stringify(shortened(record, maxLine)));
      write(line + '\n');
    },
  };
}

/** The record with its string fields cut so the line fits in `maxLine` (each cut says how much it dropped). */
function shortened(record: Record<string, unknown>, maxLine: number): Record<string, unknown> {
  const strings = Object.keys(record).filter((k) => typeof record[k] === 'string');
  const budget = Math.max(64, Math.floor((maxLine - 200) / Math.max(1, strings.length)) - 40);
  const out: Record<string, unknown> = { ...record };
  for (const key of strings) {
    const value = record[key] as string;
    if (value.length > budget) out[key] = `${value.slice(0, budget)}… (${value.length - budget} more characters)`;
  }
  out['truncated'] = true;
  return out;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { log() {} };
