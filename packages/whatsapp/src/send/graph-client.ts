/**
 * One HTTP call to the Graph API's send endpoint, over a keep-alive agent (node:http/https: less
 * overhead per call than `fetch`). Never throws: every failure is an outcome.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type SendOutcome =
  | { readonly ok: true; readonly wamid: string }
  | {
      readonly ok: false;
      /** HTTP status; absent for network errors and timeouts. */
      readonly status?: number;
      /** Meta's error code, when the response carried one. */
      readonly code?: number;
      readonly message: string;
    };

export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com/v23.0` */
  readonly baseUrl: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  /** Deadline of one request, from its start to the end of the answer (default 10 s). */
  readonly timeoutMs?: number;
  /** Time allowed to open a connection (default 3 s): an unreachable host fails fast. */
  readonly connectTimeoutMs?: number;
}

/** Sends one JSON body (already serialised). */
export type SendFn = (body: string) => Promise<SendOutcome>;

/** A `SendFn` that POSTs to `{baseUrl}/{phoneNumberId}/messages`. */
export function graphSender(options: GraphClientOptions): SendFn {
  const url = new URL(`${options.baseUrl}/${options.phoneNumberId}/messages`);
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 128 }) : new HttpAgent({ keepAlive: true, maxSockets: 128 });
  const request = secure ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${options.accessToken}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      // A deadline for the whole request (an idle timeout alone lets a trickling answer run on).
      const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      req.once('close', () => clearTimeout(deadline));
      req.once('socket', (socket) => {
        if (!socket.connecting) return; // a kept-alive connection
        const connect = setTimeout(() => req.destroy(new Error(`could not connect within ${connectTimeoutMs} ms`)), connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      req.end(body);
    });
  return async (body) => {
    let response: { status: number; text: string };
    try {
      response = await post(body);
    } catch (error) {
      return { ok: false, message: `network error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const json = safeJson(response.text);
    if (response.status >= 200 && response.status < 300) {
      const wamid = firstMessageId(json);
      if (wamid !== undefined) return { ok: true, wamid };
      return { ok: false, status: response.status, message: `HTTP ${response.status} without messages[0].id` };
    }
    const error = errorOf(json);
    return {
      ok: false,
      status: response.status,
      ...(error.code !== undefined ? { code: error.code } : {}),
      message: error.message ?? `HTTP ${response.status}`,
    };
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstMessageId(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const messages = (json as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return undefined;
  const id = (messages[0] as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function errorOf(json: unknown): { code?: number; message?: string } {
  const error = typeof json === 'object' && json !== null ? (json as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message, error_data } = error as { code?: unknown; message?: unknown; error_data?: { details?: unknown } };
  const details = typeof error_data?.details === 'string' ? ` — ${error_data.details}` : '';
  return {
    ...(typeof code === 'number' ? { code } : {}),
    ...(typeof message === 'string' ? { message: message + details } : {}),
  };
}
