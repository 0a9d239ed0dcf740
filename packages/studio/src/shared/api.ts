/**
 * What the studio's server and its page say to each other (JSON over HTTP, and the SSE channel).
 * Shared by both sides: the server fills these, the page reads them. No imports of Node here.
 */
import type { WhatsAppBody } from '@samvad/whatsapp';
import type { Bubble } from './preview-types.js';
import type { TranslationTable } from './translations-types.js';

/** Paths are relative to the bot's folder, with `/` separators (`departments/revenue.flow`). */
export interface StudioFile {
  readonly path: string;
  readonly text: string;
}

/** `GET /api/files`: the bot's files, root first. */
export interface FilesResponse {
  readonly bot: string;
  readonly root: string;
  readonly files: readonly StudioFile[];
}

export type StudioSeverity = 'error' | 'warning' | 'info';

/** One compiler diagnostic, placed in a file by UTF-16 offsets (what the editor counts in). */
export interface StudioDiagnostic {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  readonly severity: StudioSeverity;
  readonly code: string;
  /** The message, with its primary label when there is one. */
  readonly message: string;
  readonly notes: readonly string[];
  readonly help?: string;
  /** The code's page (docs/diagnostics/<CODE>.md). */
  readonly docs: string;
}

/** `POST /api/edit` `{ path, text }` answers this; the same goes out as an SSE `diagnostics` event. */
export interface DiagnosticsEvent {
  /** Every file of the bot, with its diagnostics (an empty list clears a file). */
  readonly files: Readonly<Record<string, readonly StudioDiagnostic[]>>;
  /** Server time spent checking, in milliseconds. */
  readonly checkMs: number;
  /** Increases with every edit the server has taken. */
  readonly revision: number;
}

/** SSE `changed`: a file was changed on disk by something else than the studio. */
export interface ChangedEvent {
  readonly path: string;
  readonly text: string;
}

/** `POST /api/definition` `{ path, offset }`: where the name under the cursor is defined. */
export interface DefinitionResponse {
  readonly target?: { readonly path: string; readonly offset: number };
}

/** What the citizen does in the phone preview (`POST /api/chat`). */
export type ChatAction =
  | { readonly kind: 'restart' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'reply'; readonly id: string; readonly title: string }
  | { readonly kind: 'language'; readonly code: string };

/** `POST /api/chat` `{ session, action }`. */
export interface ChatRequest {
  readonly session: string;
  readonly action: ChatAction;
}

/** What a turn of the phone preview returns: the Cloud API bodies `samvad serve` would send. */
export interface ChatResponse {
  readonly bodies: readonly WhatsAppBody[];
  /** The same, as the phone draws them (`previewsOf`). */
  readonly bubbles: readonly Bubble[];
  /** The node the conversation is at, and the nodes it went through since the last restart. */
  readonly node: string;
  readonly path: readonly string[];
  readonly language: string;
  readonly languages: readonly { readonly code: string; readonly name: string }[];
  /** Where the current node is defined, to highlight it in the editor. */
  readonly source?: { readonly path: string; readonly line: number };
  /** Set when the preview runs an older version (the current text has errors). */
  readonly notice?: string;
}

/** `GET /api/graph`: the bot's map (Graphviz SVG of `samvad graph`) and where each node is defined. */
export interface GraphResponse {
  readonly svg: string;
  readonly sources: Readonly<Record<string, { readonly path: string; readonly line: number }>>;
  readonly notice?: string;
}

/** One `.convo` case's result. */
export interface CaseReport {
  readonly name: string;
  readonly line: number;
  readonly passed: boolean;
  /** `file:line: what`, for a failure. */
  readonly message?: string;
  readonly diff?: readonly { readonly op: ' ' | '-' | '+'; readonly text: string }[];
}

/** One test file's results, or the problem that stopped it. */
export interface TestFileReport {
  readonly file: string;
  readonly problem?: string;
  readonly cases: readonly CaseReport[];
}

/** One dimension of coverage: covered of total, and what no test reached. */
export interface CoverageMeasure {
  readonly covered: number;
  readonly total: number;
  readonly missed: readonly string[];
}

/** `POST /api/tests`: the bot's `.convo` tests run against the current text. */
export interface TestsReport {
  readonly files: readonly TestFileReport[];
  readonly passed: number;
  readonly failed: number;
  readonly coverage?: { readonly nodes: CoverageMeasure; readonly options: CoverageMeasure; readonly languages: CoverageMeasure };
  readonly notice?: string;
}

/** An error answer of the API. */
export interface ApiError {
  readonly error: string;
}

/** `GET /api/translations`: every text of the bot by language (`translationTable` of the graph). */
export interface TranslationsResponse {
  readonly table: TranslationTable;
  readonly notice?: string;
}
