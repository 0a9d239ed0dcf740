/** One HTTP call to the Graph API's send endpoint. Never throws: every failure is an outcome. */

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
  readonly timeoutMs?: number;
}

/** Sends one JSON body (already serialised). */
export type SendFn = (body: string) => Promise<SendOutcome>;

/** A `SendFn` that POSTs to `{baseUrl}/{phoneNumberId}/messages`. */
export function graphSender(options: GraphClientOptions): SendFn {
  const url = `${options.baseUrl}/${options.phoneNumberId}/messages`;
  const headers = { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' };
  const timeoutMs = options.timeoutMs ?? 15_000;
  return async (body) => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      return { ok: false, message: `network error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const json = safeJson(text);
    if (response.ok) {
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
