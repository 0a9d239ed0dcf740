/**
 * The compiled graph: the only contract between the compiler and the runtime.
 * JSON Schema: `packages/runtime/schema/graph.schema.json` (kept in step with these types).
 */

/** The graph format this runtime reads and the compiler writes. */
export const GRAPH_FORMAT = 2;

/** A text in every language of the bot (the compiler fills every language). */
export type LocalizedText = Readonly<Record<string, string>>;

export interface GraphLanguage {
  /** e.g. `mr` */
  readonly code: string;
  /** Display name in its own script, e.g. `मराठी`. */
  readonly name: string;
}

export type CommandKind = 'home' | 'back' | 'help' | 'language' | 'restart';

/** Keys of the system messages every graph carries (built-in defaults, overridable by the flow). */
export type MessageKey =
  | 'invalid'
  | 'too_many_retries'
  | 'unsupported'
  | 'welcome_back'
  | 'help'
  | 'choose_language'
  | 'moved'
  | 'source_failed'
  | 'ended'
  | 'back_label'
  | 'home_label'
  | 'next_label'
  | 'help_label'
  | 'what_next'
  | 'list_button'
  | 'list_section'
  | 'numbered_hint'
  | 'did_you_mean'
  | 'call_waiting';

export const MESSAGE_KEYS: readonly MessageKey[] = [
  'invalid',
  'too_many_retries',
  'unsupported',
  'welcome_back',
  'help',
  'choose_language',
  'moved',
  'source_failed',
  'ended',
  'back_label',
  'home_label',
  'next_label',
  'help_label',
  'what_next',
  'list_button',
  'list_section',
  'numbered_hint',
  'did_you_mean',
  'call_waiting',
];

export interface GraphOption {
  /** Stable id, unique within the menu. */
  readonly id: string;
  /** The number a citizen can type (1-based position unless fixed by `number:`). */
  readonly number: number;
  readonly label: LocalizedText;
  readonly description?: LocalizedText;
  /** Extra words that select this option, as written (the runtime normalises). */
  readonly words: readonly string[];
  readonly target: string;
  /** Variables set when chosen. */
  readonly set?: Readonly<Record<string, string>>;
  /** Language the citizen switches to when chosen. */
  readonly language?: string;
}

/** A dynamic part of a menu: rows from a data source. */
export interface GraphDynamic {
  readonly source: string;
  /** Parameter templates; `{var}` interpolated at run time. */
  readonly params: Readonly<Record<string, string>>;
  /** Variable prefix bound to the chosen row's fields (`gr` → `gr.title`). */
  readonly into: string;
  /** Templates per row, e.g. `{ mr: "{gr.title}", … }`. */
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly target: string;
  readonly timeoutMs: number;
  /** Node to go to when the source fails or times out. */
  readonly fallback: string;
}

export type GraphBlock =
  | { readonly kind: 'text'; readonly text: LocalizedText }
  | { readonly kind: 'bullets'; readonly items: readonly LocalizedText[] }
  | { readonly kind: 'link'; readonly url: string; readonly label: LocalizedText }
  | { readonly kind: 'fee'; readonly text: LocalizedText }
  | { readonly kind: 'time'; readonly text: LocalizedText }
  /** Always a tappable cta_url; the label fits WhatsApp's 20 characters in every language. */
  | { readonly kind: 'button'; readonly url: string; readonly label: LocalizedText }
  | {
      readonly kind: 'media';
      readonly mediaType: 'image' | 'document' | 'video';
      /** HTTPS; may hold `{var}` placeholders. */
      readonly url: string;
      readonly caption?: LocalizedText;
      readonly filename?: string;
    };

export type GraphWayOn =
  | { readonly kind: 'back' }
  | { readonly kind: 'home' }
  | { readonly kind: 'end' }
  | { readonly kind: 'next'; readonly target: string };

export type GraphValidation =
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'digits'; readonly length?: number }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  | { readonly kind: 'any' }
  | { readonly kind: 'photo' }
  | { readonly kind: 'document' }
  | { readonly kind: 'location' }
  | { readonly kind: 'contact' };

export type GraphCondition =
  | {
      readonly kind: 'compare';
      readonly variable: string;
      readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: string | number;
    }
  | { readonly kind: 'isSet'; readonly variable: string }
  | { readonly kind: 'not'; readonly operand: GraphCondition }
  | { readonly kind: 'and' | 'or'; readonly left: GraphCondition; readonly right: GraphCondition };

interface NodeBase {
  /** The node that first leads here on a breadth-first walk from `start` (absent for `start`). */
  readonly parent?: string;
}

export interface MenuNode extends NodeBase {
  readonly kind: 'menu';
  readonly text: LocalizedText;
  readonly options: readonly GraphOption[];
  readonly dynamic?: GraphDynamic;
}

export interface PageNode extends NodeBase {
  readonly kind: 'page';
  readonly blocks: readonly GraphBlock[];
  readonly then: GraphWayOn;
}

export interface InputNode extends NodeBase {
  readonly kind: 'input';
  readonly text: LocalizedText;
  readonly variable: string;
  readonly validate: GraphValidation;
  readonly retry: LocalizedText;
  readonly retries: number;
  /** Where to go after `retries` wrong answers. */
  readonly onFail: string;
  readonly next: string;
}

/** Moves on at once: the first case whose condition holds, else `otherwise` (a `goto` has no cases). */
export interface BranchNode extends NodeBase {
  readonly kind: 'branch';
  readonly cases: readonly { readonly when: GraphCondition; readonly target: string }[];
  readonly otherwise: string;
}

export interface EndNode extends NodeBase {
  readonly kind: 'end';
  readonly text?: LocalizedText;
}

/** Sends `send` to an endpoint; the answer's `receive` paths are bound, then `next` (or `fallback` on failure). */
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly endpoint: string;
  /** Field → text template (`{var}` interpolated when the call is made). */
  readonly send: Readonly<Record<string, string>>;
  /** Variable → answer path (`reference`, `data.ref`). */
  readonly receive: Readonly<Record<string, string>>;
  readonly next: string;
  readonly fallback: string;
}

export type GraphNode = MenuNode | PageNode | InputNode | BranchNode | EndNode | CallNode;

/** Where `call` nodes send: everything but the fields comes from the host's environment. */
export interface GraphEndpoint {
  /** Name of the environment variable holding the URL. */
  readonly urlEnv: string;
  /** Name of the environment variable holding the HMAC-SHA256 key. */
  readonly secretEnv: string;
  /** Per attempt. */
  readonly timeoutMs: number;
  readonly sends: readonly string[];
  readonly answers: readonly string[];
}

export interface SourceLocation {
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based, in Unicode code points */
  readonly column: number;
}

/** A compiled bot. Keys are emitted in a stable order; the same source gives the same bytes. */
export interface Graph {
  readonly format: typeof GRAPH_FORMAT;
  /** `sha256:<hex>` of the canonical JSON of everything except `hash` and `sourceMap`. */
  readonly hash: string;
  readonly bot: string;
  /** First = default. */
  readonly languages: readonly GraphLanguage[];
  readonly start: string;
  readonly settings: { readonly retries: number; readonly idleTimeoutMs: number };
  /** Words per global command, as written (the runtime normalises). */
  readonly commands: Readonly<Record<CommandKind, readonly string[]>>;
  /** Every system message in every language. */
  readonly messages: Readonly<Record<MessageKey, LocalizedText>>;
  readonly sources: Readonly<Record<string, { readonly timeoutMs: number }>>;
  /** Endpoints of `call` nodes (`{}` when none). */
  readonly endpoints: Readonly<Record<string, GraphEndpoint>>;
  readonly nodes: Readonly<Record<string, GraphNode>>;
  /** Where each node is defined. */
  readonly sourceMap: Readonly<Record<string, SourceLocation>>;
}
