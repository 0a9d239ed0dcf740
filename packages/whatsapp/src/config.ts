/**
 * Server configuration, read from the environment. Every setting is named in its error so an
 * operator knows exactly which variable to fix; the value of a secret setting is never repeated.
 */
import { CALL_ATTEMPTS_VAR, CALL_BACKOFF_VAR, CALL_LIMITS } from './calls/settings.js';
import { CALL_DEFAULTS } from './calls/policy.js';
import { MEDIA_DEFAULTS, MEDIA_DIR_VAR, MEDIA_KEEP_DAYS_VAR, MEDIA_MAX_MB_VAR, checkMediaSettings } from './media/settings.js';
import { checkPostgresUrl, isPostgresUrl } from './pg/url.js';
import { RETRY_CAP_VAR, SEND_DEFAULTS, SEND_LIMITS, SEND_TIMEOUT_VAR } from './send/settings.js';

export { isPostgresUrl } from './pg/url.js';

/** Everything `startServer` needs. */
export interface ServeConfig {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** e.g. `https://graph.facebook.com/v23.0` (no trailing slash). */
  readonly apiBaseUrl: string;
  /** Path of the SQLite database file (unused when `dbUrl` is set). */
  readonly dbPath: string;
  /** `SAMVAD_DB=postgres://…`: the PostgreSQL database several processes share (instead of the SQLite file). */
  readonly dbUrl?: string;
  readonly port: number;
  readonly host: string;
  /** Outbound messages per second (token bucket rate and burst). */
  readonly sendRate: number;
  /**
   * Niceness of the processing worker thread (0–19; Linux): how far processing yields the CPU to
   * the HTTP thread that acknowledges webhooks. Default `DEFAULT_WORKER_NICE` (5).
   */
  readonly workerNice?: number;
  /**
   * A message older than this (WhatsApp's own `timestamp`, seconds) is processed — the session
   * stays right — but gets no reply (Meta redelivers after outages). Default 82,800 (23 h).
   */
  readonly replyMaxAgeSeconds?: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
  /** `/healthz` is 503 when a stored message has waited longer than this (seconds) to be processed. Default 120. */
  readonly healthMaxWaitSeconds?: number;
  /** PostgreSQL: how long a process holds a reply it is sending before another may take it over (ms). Default 30,000. */
  readonly sendLeaseMs?: number;
  /** PostgreSQL: this process's name in the outbox leases (default host:pid:random). */
  readonly processId?: string;
  /** PostgreSQL: processing statements in flight at once (default: the machine's cores less one, at least 1). */
  readonly pgStatements?: number;
  /** The database file may not grow beyond this many MiB (SQLite `max_page_count`); unset: no cap. */
  readonly dbMaxMb?: number;
}

/** Default `SAMVAD_REPLY_MAX_AGE`: 23 hours, so a reply still fits in WhatsApp's 24-hour window. */
export const DEFAULT_REPLY_MAX_AGE_SECONDS = 23 * 3600;
/** Default `SAMVAD_HEALTH_MAX_WAIT`. */
export const DEFAULT_HEALTH_MAX_WAIT_SECONDS = 120;

/** One documented environment variable. */
export interface ConfigVar {
  readonly name: string;
  readonly required: boolean;
  readonly default?: string;
  readonly help: string;
  /** A secret: its value never appears in an error message. */
  readonly secret?: boolean;
}

/** The environment variables `samvad serve` reads, in the order `--help` lists them. */
export const CONFIG_VARS: readonly ConfigVar[] = [
  { name: 'WHATSAPP_APP_SECRET', required: true, secret: true, help: 'App secret; verifies X-Hub-Signature-256 on webhooks' },
  { name: 'WHATSAPP_VERIFY_TOKEN', required: true, secret: true, help: 'Verify token typed into the App Dashboard (GET handshake)' },
  { name: 'WHATSAPP_ACCESS_TOKEN', required: true, secret: true, help: 'Bearer token for the Graph API (system-user token)' },
  { name: 'WHATSAPP_PHONE_NUMBER_ID', required: true, help: 'Phone number id the bot sends from' },
  {
    name: 'WHATSAPP_API_BASE_URL',
    required: false,
    default: 'https://graph.facebook.com/v23.0',
    help: 'Graph API base URL, version included',
  },
  { name: 'WHATSAPP_SEND_RATE', required: false, default: '80', help: 'Outbound messages per second' },
  { name: RETRY_CAP_VAR, required: false, default: String(SEND_DEFAULTS.retryCapSeconds), help: 'Seconds: longest wait between two tries of one reply (retried until its 24-hour window closes)' },
  { name: SEND_TIMEOUT_VAR, required: false, default: String(SEND_DEFAULTS.timeoutSeconds), help: 'Seconds: deadline of one Graph API request' },
  {
    name: 'SAMVAD_WORKER_NICE',
    required: false,
    default: '5',
    help: 'CPU priority of message processing below webhook acknowledgement (0–19, Linux; 0 = same)',
  },
  {
    name: 'SAMVAD_REPLY_MAX_AGE',
    required: false,
    default: String(DEFAULT_REPLY_MAX_AGE_SECONDS),
    help: 'Seconds: an older message (WhatsApp timestamp) updates the session but gets no reply',
  },
  {
    name: 'SAMVAD_DB',
    required: false,
    default: './samvad.db',
    help: 'SQLite file for inbound, outbox and sessions, or postgres://user:password@host:5432/db to share a PostgreSQL database between processes',
  },
  {
    name: 'SAMVAD_SEND_LEASE_MS',
    required: false,
    default: '30000',
    help: 'PostgreSQL: ms a process holds a reply it sends; a dead process\'s replies are taken over after it (and may be sent twice within it)',
  },
  { name: 'SAMVAD_PROCESS_ID', required: false, default: 'host:pid:random', help: 'PostgreSQL: this process\'s name in outbox leases (unique per process)' },
  {
    name: 'SAMVAD_PG_STATEMENTS',
    required: false,
    default: 'none',
    help: 'PostgreSQL: processing statements in flight at once (1–64; unset: the machine\'s cores less one, at least 1); raise it when the database runs on its own machine',
  },
  { name: CALL_ATTEMPTS_VAR, required: false, default: String(CALL_DEFAULTS.attempts), help: 'Attempts per call to a department system (first included) before its fallback is taken' },
  { name: CALL_BACKOFF_VAR, required: false, default: String(CALL_DEFAULTS.baseMs), help: 'ms: wait before a call\'s first retry, doubled per retry (with jitter) up to 60 s' },
  { name: 'SAMVAD_DB_MAX_MB', required: false, default: 'none', help: 'Cap on the database file size in MiB (writes then fail and are retried)' },
  { name: MEDIA_DIR_VAR, required: false, default: 'none', help: 'Folder the photos, documents and other media citizens send are downloaded to (made if missing; unset: not downloaded)' },
  { name: MEDIA_MAX_MB_VAR, required: false, default: String(MEDIA_DEFAULTS.maxMb), help: 'Largest media file downloaded, in MiB (a larger one is refused; the turn runs without its path)' },
  { name: MEDIA_KEEP_DAYS_VAR, required: false, default: 'none', help: 'Days a downloaded media file is kept: older files in SAMVAD_MEDIA_DIR are deleted by a sweep at start and then hourly (unset: kept for ever)' },
  {
    name: 'SAMVAD_HEALTH_MAX_WAIT',
    required: false,
    default: String(DEFAULT_HEALTH_MAX_WAIT_SECONDS),
    help: 'Seconds a stored message may wait for processing before /healthz answers 503',
  },
  {
    name: 'SAMVAD_METRICS_TOKEN',
    required: false,
    default: 'none',
    secret: true,
    help: 'When set, GET /metrics needs "Authorization: Bearer <token>" (16+ characters)',
  },
  { name: 'PORT', required: false, default: '3000', help: 'HTTP port (0 = any free port)' },
  { name: 'HOST', required: false, default: '127.0.0.1', help: 'HTTP interface to listen on' },
];

/** Settings whose default is "none" are optional and have no value unless set. */
const NONE = 'none';

export type ConfigResult =
  | { readonly ok: true; readonly config: ServeConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** How `loadConfig` reads. */
export interface LoadConfigOptions {
  /**
   * The app secret, verify token, number and access token come from a deployment file
   * (`serve --config`): their variables are not required (and left empty in the result).
   */
  readonly deployment?: boolean;
}

/** The settings a deployment file provides instead of the environment. */
const DEPLOYMENT_VARS = ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'];

/** Settings of the SQLite store, refused with a PostgreSQL `SAMVAD_DB`, and what to do there instead. */
const SQLITE_ONLY: readonly (readonly [string, string])[] = [
  ['SAMVAD_DB_MAX_MB', "cap the database's size on the PostgreSQL server, e.g. with a tablespace on a volume of its own"],
  ['SAMVAD_DB_SYNC', "PostgreSQL's own synchronous_commit decides; keep it on, its default"],
];

/** Reads and checks the configuration; collects every problem instead of stopping at the first. */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): ConfigResult {
  const errors: string[] = [];
  const spec = (name: string) => CONFIG_VARS.find((c) => c.name === name);
  /** How a value is quoted in an error: never, for a secret. */
  const shown = (name: string, raw: string) => (spec(name)?.secret === true ? '(value not shown: it is a secret)' : `got "${raw}"`);
  const value = (name: string): string => {
    const v = env[name]?.trim();
    if (v !== undefined && v !== '') return v;
    if (options.deployment === true && DEPLOYMENT_VARS.includes(name)) return '';
    const c = spec(name);
    if (c?.default === NONE) return '';
    if (c?.default !== undefined) return c.default;
    errors.push(`${name} is not set (${c?.help ?? 'required'})`);
    return '';
  };
  const integer = (name: string, min: number, max: number): number => {
    const raw = value(name);
    const n = Number(raw);
    if (raw !== '' && (!Number.isInteger(n) || n < min || n > max)) {
      errors.push(`${name} must be a whole number from ${min} to ${max}, ${shown(name, raw)}`);
    }
    return n;
  };
  const secret = (name: string, minLength = 1): string => {
    const v = value(name);
    if (v === '') return v;
    // A token pasted with a line break or space inside would make every request fail obscurely.
    if (/[\s\p{Cc}]/u.test(v)) errors.push(`${name} contains whitespace or control characters ${shown(name, v)}`);
    else if (v.length < minLength) errors.push(`${name} must be at least ${minLength} characters ${shown(name, v)}`);
    return v;
  };
  const appSecret = secret('WHATSAPP_APP_SECRET');
  const verifyToken = secret('WHATSAPP_VERIFY_TOKEN');
  const accessToken = secret('WHATSAPP_ACCESS_TOKEN');
  const phoneNumberId = value('WHATSAPP_PHONE_NUMBER_ID');
  if (phoneNumberId !== '' && !/^\d+$/.test(phoneNumberId)) {
    errors.push(`WHATSAPP_PHONE_NUMBER_ID must be digits, ${shown('WHATSAPP_PHONE_NUMBER_ID', phoneNumberId)}`);
  }
  const apiBaseUrl = value('WHATSAPP_API_BASE_URL').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(apiBaseUrl)) {
    errors.push(`WHATSAPP_API_BASE_URL must be an http(s) URL, ${shown('WHATSAPP_API_BASE_URL', apiBaseUrl)}`);
  }
  const sendRate = integer('WHATSAPP_SEND_RATE', 1, 10_000);
  integer(RETRY_CAP_VAR, ...SEND_LIMITS.retryCapSeconds); // read by the worker's sender (send/settings.ts)
  integer(SEND_TIMEOUT_VAR, ...SEND_LIMITS.timeoutSeconds);
  const workerNice = integer('SAMVAD_WORKER_NICE', 0, 19);
  const replyMaxAgeSeconds = integer('SAMVAD_REPLY_MAX_AGE', 1, 30 * 86_400);
  const dbPath = value('SAMVAD_DB');
  const dbUrl = isPostgresUrl(dbPath) ? dbPath : undefined;
  const dbProblem = dbUrl === undefined ? undefined : checkPostgresUrl(dbUrl);
  if (dbProblem !== undefined) errors.push(dbProblem);
  const dbMaxMb = integer('SAMVAD_DB_MAX_MB', 1, 1_000_000);
  // Settings of the SQLite file would silently do nothing on PostgreSQL: say so instead.
  if (dbUrl !== undefined) {
    for (const [name, instead] of SQLITE_ONLY) {
      if ((env[name]?.trim() ?? '') !== '') errors.push(`${name} applies to a SQLite file only, and SAMVAD_DB is PostgreSQL: unset it (${instead})`);
    }
  }
  integer(CALL_ATTEMPTS_VAR, ...CALL_LIMITS.attempts); // read by the worker's call worker (calls/settings.ts)
  integer(CALL_BACKOFF_VAR, ...CALL_LIMITS.baseMs);
  errors.push(...checkMediaSettings(env)); // makes the media folder; read by the worker (media/settings.ts)
  const sendLeaseMs = integer('SAMVAD_SEND_LEASE_MS', 1_000, 3_600_000);
  const pgStatements = integer('SAMVAD_PG_STATEMENTS', 1, 64);
  const processIdRaw = env['SAMVAD_PROCESS_ID']?.trim() ?? '';
  if (processIdRaw !== '' && !/^[\w.:@-]{1,100}$/.test(processIdRaw)) errors.push(`SAMVAD_PROCESS_ID must be 1–100 letters, digits or ._:@-, got "${processIdRaw}"`);
  const healthMaxWaitSeconds = integer('SAMVAD_HEALTH_MAX_WAIT', 1, 86_400);
  const metricsToken = secret('SAMVAD_METRICS_TOKEN', 16);
  const port = integer('PORT', 0, 65_535);
  const host = value('HOST');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      appSecret,
      verifyToken,
      accessToken,
      phoneNumberId,
      apiBaseUrl,
      dbPath,
      port,
      host,
      sendRate,
      workerNice,
      replyMaxAgeSeconds,
      healthMaxWaitSeconds,
      ...(metricsToken !== '' ? { metricsToken } : {}),
      ...(dbMaxMb > 0 ? { dbMaxMb } : {}),
      ...(dbUrl !== undefined ? { dbUrl } : {}),
      ...(env['SAMVAD_SEND_LEASE_MS']?.trim() ? { sendLeaseMs } : {}),
      ...(processIdRaw !== '' ? { processId: processIdRaw } : {}),
      ...(env['SAMVAD_PG_STATEMENTS']?.trim() ? { pgStatements } : {}),
    },
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
