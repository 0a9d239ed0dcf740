/**
 * The studio's view of the bot's text: the language server's `Workspace` (open buffers over disk,
 * incremental parsing, the compiler's check) — one checker, shared with `samvad lsp`. Paths it
 * takes and gives are relative to the bot's folder.
 */
import { Workspace, definition } from '@samvad/lsp';
import { DIAGNOSTICS_DOCS } from '@samvad/lsp';
import { compile } from '@samvad/compiler';
import type { Diagnostic } from '@samvad/dsl';
import type { Graph } from '@samvad/runtime';
import type { DiagnosticsEvent, StudioDiagnostic } from '../shared/api.js';
import type { BotFolder } from './bot-folder.js';

/** The bot's graph from the current text, or why there is none. */
export interface CurrentGraph {
  /** The graph of the current text, or of the last text that compiled. */
  readonly graph?: Graph;
  /** Set when the current text does not compile. */
  readonly notice?: string;
}

/** Buffers, checks and compiles of one bot. */
export class Checker {
  private readonly ws: Workspace;
  private revision = 0;
  private compiled: { revision: number; result: CurrentGraph } | undefined;
  private lastGood: Graph | undefined;

  constructor(private readonly folder: BotFolder) {
    this.ws = new Workspace([folder.dir]);
  }

  /** The current text of a file (buffer or disk). */
  textOf(path: string): string | undefined {
    return this.ws.textOf(this.folder.absolute(path));
  }

  /** Takes an edit of a file's buffer and checks the bot. */
  edit(path: string, text: string): DiagnosticsEvent {
    this.ws.setOpen(this.folder.absolute(path), text);
    this.revision += 1;
    return this.check();
  }

  /** The file was saved: its buffer and the disk agree again. */
  saved(path: string): void {
    this.ws.close(this.folder.absolute(path));
  }

  /** Files changed on disk (the watcher): their buffers are dropped, the disk is read again. */
  changedOnDisk(paths: readonly string[]): void {
    const abs = paths.map((p) => this.folder.absolute(p));
    for (const file of abs) this.ws.close(file);
    this.ws.changedOnDisk(abs);
    this.revision += 1;
  }

  /** Checks the bot from its root; every file it reads, with its diagnostics. */
  check(): DiagnosticsEvent {
    const started = performance.now();
    const byFile = this.ws.check(this.folder.root);
    const files: Record<string, StudioDiagnostic[]> = {};
    for (const [abs, list] of byFile) {
      const path = this.folder.relative(abs);
      if (path === undefined) continue;
      files[path] = list.map((d) => toStudio(path, d));
    }
    return { files, checkMs: performance.now() - started, revision: this.revision };
  }

  /** The files the bot reads, root first (relative paths); as of the last check unless `check`. */
  files(check = true): string[] {
    if (check) this.ws.check(this.folder.root);
    const scope = this.ws.scope(this.folder.root);
    const paths = scope.files.map((f) => this.folder.relative(f.ast.file)).filter((p): p is string => p !== undefined);
    return [...new Set(paths)];
  }

  /** Where the name at `offset` of `path` is defined (its first definition). */
  definition(path: string, offset: number): { path: string; offset: number } | undefined {
    const abs = this.folder.absolute(path);
    this.ws.check(abs);
    const [first] = definition(this.ws, abs, offset, (p) => p);
    if (first === undefined) return undefined;
    const target = this.folder.relative(first.uri);
    const lines = this.ws.lines(first.uri);
    if (target === undefined || lines === undefined) return undefined;
    return { path: target, offset: lines.offsetAt(first.range.start) };
  }

  /** The graph of the current text (compiled once per revision), or the last one that compiled. */
  graph(): CurrentGraph {
    if (this.compiled?.revision === this.revision) return this.compiled.result;
    const result = compile(this.folder.root, this.ws.host);
    let current: CurrentGraph;
    if (result.graph !== undefined) {
      this.lastGood = result.graph;
      current = { graph: result.graph };
    } else {
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      const notice = `the bot has ${errors} error${errors === 1 ? '' : 's'}: ${this.lastGood === undefined ? 'nothing to run until they are fixed' : 'this is the last version that compiled'}`;
      current = this.lastGood === undefined ? { notice } : { graph: this.lastGood, notice };
    }
    this.compiled = { revision: this.revision, result: current };
    return current;
  }
}

function toStudio(path: string, d: Diagnostic): StudioDiagnostic {
  const message = d.primaryLabel === undefined ? d.message : `${d.message} (${d.primaryLabel})`;
  return {
    file: path,
    from: d.span.offset,
    to: d.span.offset + d.span.length,
    severity: d.severity,
    code: d.code,
    message,
    notes: d.notes,
    ...(d.help === undefined ? {} : { help: d.help }),
    docs: `${DIAGNOSTICS_DOCS}${d.code}.md`,
  };
}
