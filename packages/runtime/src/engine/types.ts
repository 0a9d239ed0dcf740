/**
 * The runtime's transport-agnostic contract: what comes in, what goes out, what a session is.
 * Adapters (WhatsApp, terminal) translate to and from these types.
 */

/** What a citizen sent. */
export type Inbound =
  | { readonly kind: 'text'; readonly text: string }
  /** A tapped reply button or list row: the `id` the bot gave the option. */
  | { readonly kind: 'reply'; readonly id: string; readonly title?: string }
  /** Anything the bot cannot read: image, audio, location, sticker, … */
  | { readonly kind: 'unsupported'; readonly what: string }
  /** The result of a data-source call the previous step asked for (see `DataRequest`). */
  | { readonly kind: 'data'; readonly requestId: string; readonly result: DataResult }
  /** A photo, document, video, voice note or sticker the citizen sent. */
  | {
      readonly kind: 'media';
      readonly mediaType: 'image' | 'document' | 'video' | 'audio' | 'sticker';
      readonly id: string;
      readonly mime: string;
      readonly caption?: string;
      readonly filename?: string;
      /** Set by a host that downloaded the file (serve with `SAMVAD_MEDIA_DIR`). */
      readonly path?: string;
    }
  | { readonly kind: 'location'; readonly latitude: number; readonly longitude: number; readonly name?: string; readonly address?: string }
  | { readonly kind: 'contact'; readonly name: string; readonly phone?: string }
  /** The answer to a `call` the session is waiting for (see `CallRequest`). */
  | { readonly kind: 'call'; readonly requestId: string; readonly result: CallResult };

/**
 * What an endpoint answered: its JSON object, or why there is none. `incomplete`: it answered, but
 * without a field the call's `receive` reads (or with an object or a list where a text is needed).
 */
export type CallResult =
  | { readonly ok: true; readonly answer: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: 'timeout' | 'error' | 'rejected' | 'incomplete'; readonly detail?: string };

/** Asked of the host by a step: send `fields` to `endpoint`, then feed back `{ kind: 'call', requestId: id, result }`. */
export interface CallRequest {
  /** Unique per call within the session; not the idempotency key (the host makes that). */
  readonly id: string;
  readonly endpoint: string;
  /** The call node. */
  readonly node: string;
  /** The node's `send`, interpolated. */
  readonly fields: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** Performs a call for chat and tests (canned answers); `serve` makes calls durable instead. */
export type CallProvider = (request: CallRequest, signal: AbortSignal) => Promise<CallResult>;

/** One row of a data source's result. `fields` are bound as `{into.field}`. */
export interface DataItem {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type DataResult =
  | { readonly ok: true; readonly items: readonly DataItem[] }
  | { readonly ok: false; readonly reason: 'timeout' | 'error'; readonly detail?: string };

/** Asked of the host by a step: call `source` with `params`, within `timeoutMs`, and feed the result back. */
export interface DataRequest {
  readonly id: string;
  readonly source: string;
  readonly params: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** A choice shown to the citizen. `id` is what a reply button/list row sends back. */
export interface OutboundOption {
  readonly id: string;
  /** The number the citizen may type instead. */
  readonly number: number;
  readonly title: string;
  readonly description?: string;
}

export interface OutboundLink {
  readonly label: string;
  readonly url: string;
}

/** What the bot says. Adapters decide how it looks (buttons, list, numbered text). */
export type Outbound =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'menu'; readonly body: string; readonly options: readonly OutboundOption[] }
  | {
      readonly kind: 'page';
      /** Paragraphs (fee and time lines included, already marked). */
      readonly text: string;
      readonly bullets: readonly string[];
      readonly links: readonly OutboundLink[];
    }
  | {
      readonly kind: 'media';
      readonly mediaType: 'image' | 'document' | 'video';
      readonly url: string;
      readonly caption?: string;
      readonly filename?: string;
    }
  /** A tappable link (WhatsApp's cta_url): `body`, then a button labelled `label` opening `url`. */
  | { readonly kind: 'button'; readonly body: string; readonly label: string; readonly url: string };

/** The session format version this runtime reads and writes. */
export const SESSION_VERSION = 1;

/**
 * A host-provided data source: an async function the edge calls for a `DataRequest`.
 * It must honour `signal` (aborted on timeout) and throw on failure.
 */
export type DataSourceProvider = (
  params: Readonly<Record<string, string>>,
  signal: AbortSignal,
) => Promise<readonly DataItem[]>;
