/**
 * Server configuration, read from the environment. Every setting is named in its error so an
 * operator knows exactly which variable to fix.
 */

/** Everything `startServer` needs. */
export interface ServeConfig {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** e.g. `https://graph.facebook.com/v23.0` (no trailing slash). */
  readonly apiBaseUrl: string;
  /** Path of the SQLite database file. */
  readonly dbPath: string;
  readonly port: number;
  readonly host: string;
  /** Outbound messages per second (token bucket rate and burst). */
  readonly sendRate: number;
  /**
   * Niceness of the processing worker thread (0–19; Linux): how far processing yields the CPU to
   * the HTTP thread that acknowledges webhooks. Default `DEFAULT_WORKER_NICE` (5).
   */
  readonly workerNice?: number;
}

/** One documented environment variable. */
export interface ConfigVar {
  readonly name: string;
  readonly required: boolean;
  readonly default?: string;
  readonly help: string;
}

/** The environment variables `samvad serve` reads, in the order `--help` lists them. */
export const CONFIG_VARS: readonly ConfigVar[] = [
  { name: 'WHATSAPP_APP_SECRET', required: true, help: 'App secret; verifies X-Hub-Signature-256 on webhooks' },
  { name: 'WHATSAPP_VERIFY_TOKEN', required: true, help: 'Verify token typed into the App Dashboard (GET handshake)' },
  { name: 'WHATSAPP_ACCESS_TOKEN', required: true, help: 'Bearer token for the Graph API (system-user token)' },
  { name: 'WHATSAPP_PHONE_NUMBER_ID', required: true, help: 'Phone number id the bot sends from' },
  {
    name: 'WHATSAPP_API_BASE_URL',
    required: false,
    default: 'https://graph.facebook.com/v23.0',
    help: 'Graph API base URL, version included',
  },
  { name: 'WHATSAPP_SEND_RATE', required: false, default: '80', help: 'Outbound messages per second' },
  {
    name: 'SAMVAD_WORKER_NICE',
    required: false,
    default: '5',
    help: 'CPU priority of message processing below webhook acknowledgement (0–19, Linux; 0 = same)',
  },
  { name: 'SAMVAD_DB', required: false, default: './samvad.db', help: 'SQLite file for inbound, outbox and sessions' },
  { name: 'PORT', required: false, default: '3000', help: 'HTTP port (0 = any free port)' },
  { name: 'HOST', required: false, default: '127.0.0.1', help: 'HTTP interface to listen on' },
];

export type ConfigResult =
  | { readonly ok: true; readonly config: ServeConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration; collects every problem instead of stopping at the first. */
export function loadConfig(env: Env): ConfigResult {
  const errors: string[] = [];
  const value = (name: string): string => {
    const v = env[name]?.trim();
    if (v !== undefined && v !== '') return v;
    const spec = CONFIG_VARS.find((c) => c.name === name);
    if (spec?.default !== undefined) return spec.default;
    errors.push(`${name} is not set (${spec?.help ?? 'required'})`);
    return '';
  };
  const integer = (name: string, min: number, max: number): number => {
    const raw = value(name);
    const n = Number(raw);
    if (raw !== '' && (!Number.isInteger(n) || n < min || n > max)) {
      errors.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return n;
  };
  const appSecret = value('WHATSAPP_APP_SECRET');
  const verifyToken = value('WHATSAPP_VERIFY_TOKEN');
  const accessToken = value('WHATSAPP_ACCESS_TOKEN');
  const phoneNumberId = value('WHATSAPP_PHONE_NUMBER_ID');
  if (phoneNumberId !== '' && !/^\d+$/.test(phoneNumberId)) {
    errors.push(`WHATSAPP_PHONE_NUMBER_ID must be digits, got "${phoneNumberId}"`);
  }
  const apiBaseUrl = value('WHATSAPP_API_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(apiBaseUrl)) {
    errors.push(`WHATSAPP_API_BASE_URL must be an http(s) URL, got "${apiBaseUrl}"`);
  }
  const sendRate = integer('WHATSAPP_SEND_RATE', 1, 10_000);
  const workerNice = integer('SAMVAD_WORKER_NICE', 0, 19);
  const dbPath = value('SAMVAD_DB');
  const port = integer('PORT', 0, 65_535);
  const host = value('HOST');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: { appSecret, verifyToken, accessToken, phoneNumberId, apiBaseUrl, dbPath, port, host, sendRate, workerNice },
  };
}

/** The `--help` text block describing the environment. */
export function describeConfigVars(): string {
  const width = Math.max(...CONFIG_VARS.map((c) => c.name.length));
  return CONFIG_VARS.map((c) => {
    const note = c.required ? '(required)' : `(default ${c.default ?? ''})`;
    return `  ${c.name.padEnd(width)}  ${c.help} ${note}`;
  }).join('\n');
}
