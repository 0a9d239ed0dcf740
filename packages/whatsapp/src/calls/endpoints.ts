/**
 * Where `call` nodes send, resolved from the environment at start-up (and on every reload): each
 * endpoint of a graph names the variable holding its URL and the one holding its HMAC secret
 * (`url: env GRIEVANCE_URL`). A missing or unusable value refuses the start (or the reload), and
 * the sentence names the endpoint and the variable, never the secret's value. Pure.
 */
import type { Graph } from '@samvad/runtime';

/** An endpoint ready to be called. */
export interface ResolvedEndpoint {
  readonly name: string;
  readonly url: string;
  /** The HMAC-SHA256 key (never logged). */
  readonly secret: string;
  /** Per attempt (the graph's `timeout`). */
  readonly timeoutMs: number;
  /**
   * The `receive` paths of each call node that sends here (node id → variable → path): an answer
   * lacking one is a failed call (`incomplete`). Absent: the answer is not checked here (the
   * engine still takes the fallback on it).
   */
  readonly receives?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export type EndpointsResult =
  | { readonly ok: true; readonly endpoints: ReadonlyMap<string, ResolvedEndpoint> }
  | { readonly ok: false; readonly errors: readonly string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Hosts that may be reached over plain http (tests, a receiver on the same machine). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `raw` cannot be an endpoint's URL, or undefined when it can. */
export function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password (the request is signed instead)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'must be https (plain http is allowed only to 127.0.0.1 or localhost)';
  return `must be an https URL, not ${url.protocol}`;
}

/** The shortest secret accepted: an HMAC key shorter than this is guessable. */
export const MIN_SECRET_LENGTH = 16;

/**
 * Resolves every endpoint of `graph` from `env`; collects every problem. `label` names the bot in
 * the messages when a process serves several.
 */
export function resolveEndpoints(graph: Pick<Graph, 'endpoints'> & Partial<Pick<Graph, 'nodes'>>, env: Env, label?: string): EndpointsResult {
  const errors: string[] = [];
  const endpoints = new Map<string, ResolvedEndpoint>();
  const where = label === undefined ? '' : ` of ${label}`;
  for (const [name, endpoint] of Object.entries(graph.endpoints ?? {})) {
    const say = (text: string) => errors.push(`endpoint "${name}"${where}: ${text}`);
    const url = env[endpoint.urlEnv]?.trim() ?? '';
    const secret = env[endpoint.secretEnv] ?? '';
    if (url === '') say(`${endpoint.urlEnv} is not set (the URL the call posts to)`);
    else {
      const problem = urlProblem(url);
      if (problem !== undefined) say(`${endpoint.urlEnv} ${problem}, got "${url}"`);
    }
    if (secret.trim() === '') say(`${endpoint.secretEnv} is not set (the key the request is signed with, HMAC-SHA256)`);
    else if (/[\s\p{Cc}]/u.test(secret)) say(`${endpoint.secretEnv} contains whitespace or control characters (value not shown: it is a secret)`);
    else if (secret.length < MIN_SECRET_LENGTH) say(`${endpoint.secretEnv} must be at least ${MIN_SECRET_LENGTH} characters (value not shown: it is a secret)`);
    endpoints.set(name, { name, url, secret, timeoutMs: endpoint.timeoutMs, receives: receivesOf(graph, name) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, endpoints };
}

/** The `receive` paths of the graph's call nodes that send to `endpoint`, by node id. */
function receivesOf(graph: Partial<Pick<Graph, 'nodes'>>, endpoint: string): ReadonlyMap<string, Readonly<Record<string, string>>> {
  const receives = new Map<string, Readonly<Record<string, string>>>();
  for (const [id, node] of Object.entries(graph.nodes ?? {})) {
    if (node.kind === 'call' && node.endpoint === endpoint) receives.set(id, node.receive);
  }
  return receives;
}

/** Thrown when a graph's endpoints cannot be resolved: its message lists every problem. */
export class EndpointError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('; '));
    this.name = 'EndpointError';
  }
}

/** `resolveEndpoints`, throwing an `EndpointError` instead of returning the problems. */
export function endpointsOrThrow(graph: Pick<Graph, 'endpoints'> & Partial<Pick<Graph, 'nodes'>>, env: Env, label?: string): ReadonlyMap<string, ResolvedEndpoint> {
  const result = resolveEndpoints(graph, env, label);
  if (!result.ok) throw new EndpointError(result.errors);
  return result.endpoints;
}
