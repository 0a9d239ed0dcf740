/**
 * The deployment file of `samvad serve --config deployment.json`: which bot answers which WhatsApp
 * business number, in one process or several sharing one PostgreSQL database.
 *
 * ```json
 * {
 *   "appSecretEnv": "WHATSAPP_APP_SECRET",
 *   "verifyTokenEnv": "WHATSAPP_VERIFY_TOKEN",
 *   "bots": [
 *     { "name": "jalna", "phoneNumberId": "106540352242922", "flow": "flows/jalna-mitra.flow",
 *       "accessTokenEnv": "JALNA_ACCESS_TOKEN", "sendRate": 80 },
 *     { "name": "beed", "phoneNumberId": "106540352242923", "graph": "build/beed.json",
 *       "accessTokenEnv": "BEED_ACCESS_TOKEN", "data": "beed-canned.json" }
 *   ]
 * }
 * ```
 *
 * Secrets never live in the file: it names the environment variables that hold them (`…Env`), so
 * the file can be committed and reviewed. Paths are relative to the file's own folder.
 *
 * `parseDeployment` is pure (text in, result out); `loadDeployment` reads the file and the paths
 * it names. Every error names the file, the JSON path of the value (`bots[1].accessTokenEnv`) and
 * what to do; none repeats a secret's value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { editDistance } from '@samvad/runtime';

/** One bot of a deployment: the number it answers and how it sends. */
export interface DeploymentBot {
  /** A short unique name (logs, metrics). */
  readonly name: string;
  /** The business number's `phone_number_id` (webhook `metadata.phone_number_id`). */
  readonly phoneNumberId: string;
  /** Absolute path of the bot's root `.flow` file (exactly one of `flow`, `graph`). */
  readonly flow?: string;
  /** Absolute path of the bot's compiled graph JSON (exactly one of `flow`, `graph`). */
  readonly graph?: string;
  /** The Graph API access token (read from the variable `accessTokenEnv` names). */
  readonly accessToken: string;
  /** Outbound messages per second for this number (default `DEFAULT_SEND_RATE`). */
  readonly sendRate: number;
  /** Absolute path of canned data-source results (JSON, as `serve --canned`); unset: live sources. */
  readonly data?: string;
}

/** A checked deployment: the secrets resolved from the environment, paths made absolute. */
export interface Deployment {
  /** The Meta app's secret (one app per deployment): verifies every webhook's signature. */
  readonly appSecret: string;
  /** The verify token of the webhook handshake. */
  readonly verifyToken: string;
  /** At least one bot; numbers and names are unique. */
  readonly bots: readonly DeploymentBot[];
}

/** The outcome of reading a deployment file: every problem found, not only the first. */
export type DeploymentResult = { readonly ok: true; readonly deployment: Deployment } | { readonly ok: false; readonly errors: readonly string[] };

/** Thrown by `loadDeployment`: its message lists every problem, one a line. */
export class DeploymentError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('\n'));
    this.name = 'DeploymentError';
  }
}

/** `sendRate` when a bot does not set one (as `WHATSAPP_SEND_RATE`). */
export const DEFAULT_SEND_RATE = 80;
/** The highest `sendRate` accepted (as `WHATSAPP_SEND_RATE`). */
export const MAX_SEND_RATE = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

const TOP_KEYS = ['appSecretEnv', 'verifyTokenEnv', 'bots'] as const;
const BOT_KEYS = ['name', 'phoneNumberId', 'flow', 'graph', 'accessTokenEnv', 'sendRate', 'data'] as const;
/** Keys that would hold a secret's value in the file, and the key that names its variable instead. */
const SECRET_VALUE_KEYS: Readonly<Record<string, string>> = {
  appSecret: 'appSecretEnv',
  verifyToken: 'verifyTokenEnv',
  accessToken: 'accessTokenEnv',
  token: 'accessTokenEnv',
};
/** An environment variable name as operators write them: capitals, digits, underscores. */
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/** Reads, checks and resolves the deployment file at `path`; throws `DeploymentError` listing every problem. */
export function loadDeployment(path: string, env: Env): Deployment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new DeploymentError([`${path}: cannot read the deployment file (${reason}); pass the path of a deployment JSON file to --config`]);
  }
  const result = parseDeployment(text, path, env, existsSync);
  if (!result.ok) throw new DeploymentError(result.errors);
  return result.deployment;
}

/**
 * Checks the text of a deployment file. `file` is its path (named in errors; relative paths in
 * the file resolve against its folder); `exists` tells whether a named file exists.
 */
export function parseDeployment(text: string, file: string, env: Env, exists: (path: string) => boolean = () => true): DeploymentResult {
  const errors: string[] = [];
  const fail = (at: string, message: string) => void errors.push(`${file}: ${at === '' ? '' : `${at}: `}${message}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail('', `not valid JSON (${jsonErrorWhere(text, error)}); fix the syntax`);
    return { ok: false, errors };
  }
  if (!isObject(json)) {
    fail('', 'must be a JSON object with appSecretEnv, verifyTokenEnv and bots');
    return { ok: false, errors };
  }
  unknownKeys(json, '', TOP_KEYS, fail);
  const folder = dirname(resolve(file));
  const secret = (at: string, value: unknown, what: string): string => readSecret(at, value, what, env, fail);
  const appSecret = secret('appSecretEnv', json['appSecretEnv'], "the Meta app's secret");
  const verifyToken = secret('verifyTokenEnv', json['verifyTokenEnv'], 'the webhook verify token');

  const bots: DeploymentBot[] = [];
  const rawBots = json['bots'];
  if (!Array.isArray(rawBots) || rawBots.length === 0) {
    fail('bots', 'must be a non-empty list of bots ({ "name", "phoneNumberId", "flow" or "graph", "accessTokenEnv" })');
    return { ok: false, errors };
  }
  const numbers = new Map<string, string>();
  const names = new Map<string, string>();
  rawBots.forEach((raw: unknown, index) => {
    const at = `bots[${index}]`;
    if (!isObject(raw)) {
      fail(at, 'must be an object { "name", "phoneNumberId", "flow" or "graph", "accessTokenEnv" }');
      return;
    }
    unknownKeys(raw, at, BOT_KEYS, fail);
    const name = raw['name'];
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
      fail(`${at}.name`, 'must be a short name of letters, digits, "_", "-" or "." (e.g. "jalna"); it labels logs and metrics');
    } else if (names.has(name)) {
      fail(`${at}.name`, `"${name}" is already the name of ${names.get(name) ?? ''}; give each bot its own name`);
    } else names.set(name, at);

    const id = raw['phoneNumberId'];
    if (typeof id === 'number') {
      fail(`${at}.phoneNumberId`, 'must be a string of digits in quotes (a JSON number loses digits of a long id)');
    } else if (typeof id !== 'string' || !/^\d{1,32}$/.test(id)) {
      fail(`${at}.phoneNumberId`, "must be the business number's phone_number_id, a string of digits (App Dashboard → WhatsApp → API Setup)");
    } else if (numbers.has(id)) {
      fail(`${at}.phoneNumberId`, `${id} is already served by ${numbers.get(id) ?? ''}; a number can have only one bot`);
    } else numbers.set(id, at);

    const flow = filePath(`${at}.flow`, raw['flow'], '.flow', folder, exists, fail);
    const graph = filePath(`${at}.graph`, raw['graph'], '.json', folder, exists, fail);
    if ('flow' in raw && 'graph' in raw) fail(at, 'has both "flow" and "graph"; keep one (a .flow source or its compiled graph JSON)');
    else if (!('flow' in raw) && !('graph' in raw)) fail(at, 'has neither "flow" nor "graph"; add "flow": "<file>.flow" or "graph": "<file>.json"');
    const data = filePath(`${at}.data`, raw['data'], '.json', folder, exists, fail);

    const accessToken = secret(`${at}.accessTokenEnv`, raw['accessTokenEnv'], `the Graph API access token of ${typeof name === 'string' ? name : at}`);
    const sendRate = rate(`${at}.sendRate`, raw['sendRate'], fail);
    if (typeof name === 'string' && typeof id === 'string') {
      bots.push({
        name,
        phoneNumberId: id,
        ...(flow !== undefined ? { flow } : {}),
        ...(graph !== undefined ? { graph } : {}),
        accessToken,
        sendRate,
        ...(data !== undefined ? { data } : {}),
      });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, deployment: { appSecret, verifyToken, bots } };
}

type Fail = (at: string, message: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: Record<string, unknown>, at: string, known: readonly string[], fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const where = at === '' ? key : `${at}.${key}`;
    const instead = SECRET_VALUE_KEYS[key];
    if (instead !== undefined && known.includes(instead)) {
      fail(where, `secrets do not belong in the file; put the value in an environment variable and name that variable in "${instead}"`);
      continue;
    }
    const near = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase(), 2) <= 2);
    fail(where, `unknown key${near[0] !== undefined ? `; did you mean "${near[0]}"?` : ''} (known: ${known.join(', ')})`);
  }
}

/** The value of the environment variable named at `at`; never shows a value in an error. */
function readSecret(at: string, name: unknown, what: string, env: Env, fail: Fail): string {
  if (typeof name !== 'string' || name === '') {
    fail(at, `must name the environment variable that holds ${what} (e.g. "${at.endsWith('accessTokenEnv') ? 'JALNA_ACCESS_TOKEN' : at === 'appSecretEnv' ? 'WHATSAPP_APP_SECRET' : 'WHATSAPP_VERIFY_TOKEN'}")`);
    return '';
  }
  if (!ENV_NAME.test(name)) {
    // Not shown: it may well be the secret itself, pasted where its variable's name belongs.
    fail(at, `is not an environment variable name (capitals, digits and "_"; value not shown, in case it is the secret itself); put ${what} in an environment variable and write its name here`);
    return '';
  }
  const value = env[name]?.trim() ?? '';
  if (value === '') {
    fail(at, `environment variable ${name} is not set; export it with ${what} before starting`);
    return '';
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    fail(at, `environment variable ${name} contains whitespace or control characters (value not shown: it is a secret); set it to ${what} alone`);
    return '';
  }
  return value;
}

/** `value` as an absolute path (relative to `folder`), checked to end in `ext` and to exist; undefined when absent. */
function filePath(at: string, value: unknown, ext: string, folder: string, exists: (path: string) => boolean, fail: Fail): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    fail(at, `must be a file path (relative to the deployment file's folder) ending in ${ext}`);
    return undefined;
  }
  if (!value.toLowerCase().endsWith(ext)) {
    const hint = ext === '.flow' ? '; a compiled graph goes in "graph"' : at.endsWith('.graph') && value.endsWith('.flow') ? '; a .flow source goes in "flow"' : '';
    fail(at, `"${value}" must name a ${ext} file${hint}`);
    return undefined;
  }
  const full = isAbsolute(value) ? value : resolve(folder, value);
  if (!exists(full)) {
    fail(at, `file not found: ${full} (paths are relative to the deployment file's folder)`);
    return undefined;
  }
  return full;
}

function rate(at: string, value: unknown, fail: Fail): number {
  if (value === undefined) return DEFAULT_SEND_RATE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SEND_RATE) {
    fail(at, `must be a whole number of messages per second from 1 to ${MAX_SEND_RATE} (WhatsApp's tier for the number), got ${JSON.stringify(value)}`);
    return DEFAULT_SEND_RATE;
  }
  return value;
}

/** "line L, column C" of a JSON.parse error, when its message gives a position. */
function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
