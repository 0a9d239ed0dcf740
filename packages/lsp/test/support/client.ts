/**
 * A protocol client for tests and the benchmark: spawns the real `samvad lsp` and talks JSON-RPC to
 * it over its stdin/stdout with vscode-jsonrpc, keeping every published diagnostic.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';

/** The repository's root. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** A position in a document (0-based line and UTF-16 character). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A published diagnostic, as the tests read it. */
export interface PublishedDiagnostic {
  readonly range: Range;
  readonly severity?: number;
  readonly code?: string;
  readonly codeDescription?: { readonly href: string };
  readonly message: string;
  readonly relatedInformation?: readonly unknown[];
  readonly data?: unknown;
}

interface Published {
  readonly uri: string;
  readonly diagnostics: readonly PublishedDiagnostic[];
  /** When it arrived (performance.now()). */
  readonly at: number;
}

/** A copy of `flows/` (Jalna Mitra and its includes) in a fresh temporary folder. */
export function copyFlows(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'samvad-lsp-'));
  cpSync(join(REPO, 'flows'), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** A running `samvad lsp` and the client end of its connection. */
export class LspClient {
  private readonly published: Published[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly stderr: () => string,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      this.published.push({ uri: params.uri, diagnostics: params.diagnostics, at: performance.now() });
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onNotification('window/logMessage', () => {});
  }

  /** Spawns the server and initializes it with `folder` as the workspace folder. */
  static async start(folder: string): Promise<{ client: LspClient; capabilities: Record<string, unknown> }> {
    const child = spawn(process.execPath, [join(REPO, 'packages/cli/bin/samvad.js'), 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(child, connection, () => stderr);
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'flows' }],
      capabilities: {},
    });
    await connection.sendNotification('initialized', {});
    return { client, capabilities: result.capabilities };
  }

  /** Opens a file with its text on disk (or `text`). */
  async open(path: string, text = readFileSync(path, 'utf8')): Promise<void> {
    this.versions.set(path, 1);
    this.texts.set(path, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId: 'flow', version: 1, text } });
  }

  /** The text of an open document as this client last sent it. */
  text(path: string): string {
    const text = this.texts.get(path);
    if (text === undefined) throw new Error(`${path} is not open`);
    return text;
  }

  /** Sends incremental edits (applied here too, so `text()` follows). */
  async edit(path: string, edits: readonly TextEdit[]): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    // Applied last to first, as the protocol's edits of one change are sent one after the other.
    let text = this.text(path);
    const ordered = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
    const changes = [];
    for (const e of ordered) {
      text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
      changes.push({ range: e.range, text: e.newText });
    }
    this.texts.set(path, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: changes });
  }

  /** Replaces the first occurrence of `find` (after `after`, when given) in an open document. */
  async replace(path: string, find: string, by: string, after?: string): Promise<void> {
    const text = this.text(path);
    const from = after === undefined ? 0 : text.indexOf(after);
    const at = text.indexOf(find, Math.max(0, from));
    if (at < 0 || from < 0) throw new Error(`\`${find}\` not found in ${path}`);
    await this.edit(path, [{ range: { start: positionAt(text, at), end: positionAt(text, at + find.length) }, newText: by }]);
  }

  /** How many diagnostics notifications have arrived so far. */
  get count(): number {
    return this.published.length;
  }

  /** The first notification for `path` after `since` (a `count`) that satisfies `test`. */
  async diagnostics(path: string, since: number, test: (d: readonly PublishedDiagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<{ diagnostics: readonly PublishedDiagnostic[]; at: number }> {
    const uri = uriOf(path);
    const deadline = Date.now() + timeoutMs;
    for (let seen = since; ; ) {
      for (; seen < this.published.length; seen += 1) {
        const p = this.published[seen] as Published;
        if (p.uri === uri && test(p.diagnostics)) return { diagnostics: p.diagnostics, at: p.at };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${path} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest(path))}\n${this.stderr()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The last diagnostics published for `path`. */
  latest(path: string): readonly PublishedDiagnostic[] | undefined {
    const uri = uriOf(path);
    for (let i = this.published.length - 1; i >= 0; i -= 1) if (this.published[i]?.uri === uri) return this.published[i]?.diagnostics;
    return undefined;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** The position of the `nth` occurrence of `find` in an open document, plus `shift` characters. */
  at(path: string, find: string, shift = 0, nth = 1): Position {
    const text = this.text(path);
    let at = -1;
    for (let i = 0; i < nth; i += 1) {
      at = text.indexOf(find, at + 1);
      if (at < 0) throw new Error(`\`${find}\` (#${nth}) not found in ${path}`);
    }
    return positionAt(text, at + shift);
  }

  /** Shuts the server down and waits for it to exit; returns its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** The offset of a position in a text. */
export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let start = 0;
  while (line < position.line) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text.length;
    start = next + 1;
    line += 1;
  }
  return Math.min(start + position.character, text.length);
}

/** The position of an offset in a text. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies edits to a text (last first). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of ordered) out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}
