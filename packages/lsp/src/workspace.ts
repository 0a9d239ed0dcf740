/**
 * What the server knows of the files: open buffers (which win over disk), a parse cache kept
 * across edits (an entry is dropped when its file's text changes, so a keystroke re-parses only
 * the edited file), which bots (root files) read which files, and the last diagnostics of each bot.
 * Checking is the compiler's `compile` (check only): the server has no checker of its own.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { compile, nodeHost } from '@samvad/compiler';
import type { CompilerHost, FileFacts, ParseCache } from '@samvad/compiler';
import type { Diagnostic, FlowFile } from '@samvad/dsl';
import { reparse } from './incremental.js';
import { LineMap } from './lines.js';

/** A parsed file as the cache holds it. */
export interface Parsed {
  readonly ast: FlowFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly text: string;
}

/** The files of the bot (or bots) a file belongs to. */
export interface Scope {
  /** Root files of the bots that read the file (empty: no bot includes it). */
  readonly roots: readonly string[];
  /** Every file of those bots, parsed (the file itself when no bot reads it). */
  readonly files: readonly Parsed[];
  /** The languages of the first bot, first = default. */
  readonly languages: readonly string[];
}

/** One bot's last check. */
interface RootResult {
  readonly files: ReadonlySet<string>;
  readonly diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
}

/** How many folders up from a file the server looks for the bot that includes it, without a workspace folder. */
const MAX_LEVELS_UP = 3;

/** Open buffers, disk, the parse cache and the bots. Paths are absolute. */
export class Workspace {
  private readonly open = new Map<string, string>();
  private readonly cache: ParseCache = new Map();
  /** The last parse of each file, whatever its text: a large file's next parse re-reads only what an edit touched. */
  private readonly previous = new Map<string, Parsed>();
  /** `mtime:size` of a disk file when it was read into the cache. */
  private readonly stamps = new Map<string, string>();
  private readonly results = new Map<string, RootResult>();
  /** Files for which no bot was found since the last open, close or change on disk. */
  private readonly orphans = new Set<string>();
  private readonly lineMaps = new Map<string, LineMap>();
  private readonly disk = nodeHost();
  readonly host: CompilerHost;

  constructor(private readonly folders: readonly string[] = []) {
    this.host = {
      readFile: (path) => this.read(path),
      resolve: (from, include) => this.disk.resolve(from, include),
      inspect: (path) => this.inspect(path),
    };
  }

  /** A buffer was opened or changed. */
  setOpen(path: string, text: string): void {
    if (this.open.get(path) === text) return;
    const wasOpen = this.open.has(path);
    this.open.set(path, text);
    if (!wasOpen) this.orphans.clear();
  }

  /** A buffer was closed: the file is read from disk again. */
  close(path: string): void {
    this.open.delete(path);
    this.previous.delete(path);
    this.orphans.clear();
  }

  /** Files changed on disk (the client's file watcher): forget what was read of them. */
  changedOnDisk(paths: readonly string[]): void {
    for (const path of paths) if (!this.open.has(path)) this.cache.delete(path);
    this.orphans.clear();
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }

  /** The text of a file: its buffer when open, else the disk. */
  textOf(path: string): string | undefined {
    return this.open.get(path) ?? this.fresh(path)?.text ?? this.read(path);
  }

  /** Line lookups of a file's current text. */
  lines(path: string): LineMap | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    let map = this.lineMaps.get(path);
    if (map === undefined || map.text !== text) {
      map = new LineMap(text);
      this.lineMaps.set(path, map);
    }
    return map;
  }

  /** The parse of a file's current text (from the cache when the text has not changed). */
  parsed(path: string): Parsed | undefined {
    const entry = this.fresh(path);
    if (entry !== undefined) return entry;
    const text = this.read(path);
    if (text === undefined) return undefined;
    const parsed = reparse(this.previous.get(path), text, path);
    this.cache.set(path, parsed);
    this.previous.set(path, parsed);
    return parsed;
  }

  /**
   * Checks every bot that reads `path` (found by looking in its folder and the folders above it:
   * a bot reads only files under its own folder) and returns the diagnostics to publish, by file:
   * every file of those bots, and the files they no longer read (emptied). A file no bot reads
   * gets its own parse errors.
   */
  check(path: string): Map<string, readonly Diagnostic[]> {
    const roots = this.rootsOf(path);
    const touched = new Set<string>([path]);
    for (const root of roots) {
      for (const file of this.results.get(root)?.files ?? []) touched.add(file);
      this.checkRoot(root);
      for (const file of this.results.get(root)?.files ?? []) touched.add(file);
    }
    const out = new Map<string, readonly Diagnostic[]>();
    for (const file of touched) out.set(file, this.diagnosticsOf(file));
    return out;
  }

  /** The bots `path` belongs to and all their files; the file alone when no bot reads it. */
  scope(path: string): Scope {
    const roots = this.rootsOf(path, false);
    const seen = new Set<string>();
    const files: Parsed[] = [];
    const add = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const parsed = this.parsed(file);
      if (parsed !== undefined) files.push(parsed);
    };
    for (const root of roots) {
      add(root);
      for (const file of this.results.get(root)?.files ?? []) add(file);
    }
    add(path);
    const bot = files.flatMap((f) => f.ast.decls).find((d) => d.kind === 'bot');
    const languages = bot?.kind === 'bot' ? bot.languages.map((l) => l.code.name) : [];
    return { roots, files, languages };
  }

  /** The current diagnostics of a file: of every bot that reads it, or its parse errors when none does. */
  diagnosticsOf(path: string): readonly Diagnostic[] {
    const owners = [...this.results.entries()].filter(([, r]) => r.files.has(path));
    if (owners.length === 0) return this.open.has(path) ? (this.parsed(path)?.diagnostics ?? []) : [];
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const [, result] of owners) {
      for (const d of result.diagnostics.get(path) ?? []) {
        const key = `${d.code}\u0000${d.span.offset}\u0000${d.span.length}\u0000${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }

  /** Roots whose last check read `path`; found by a search of the folders above it when none is known. */
  private rootsOf(path: string, search = true): string[] {
    const own = this.parsed(path)?.ast.decls.some((d) => d.kind === 'bot') === true;
    const known = [...this.results.entries()].filter(([root, r]) => root !== path && r.files.has(path)).map(([root]) => root);
    if (own) return [path, ...known];
    if (known.length > 0 || !search || this.orphans.has(path)) return known;
    const found: string[] = [];
    for (const candidate of this.candidates(path)) {
      if (this.parsed(candidate)?.ast.decls.some((d) => d.kind === 'bot') !== true) continue;
      this.checkRoot(candidate);
      if (this.results.get(candidate)?.files.has(path) === true) found.push(candidate);
    }
    if (found.length === 0) this.orphans.add(path);
    return found;
  }

  /** `.flow` files in the folder of `path` and the folders above it, up to its workspace folder. */
  private candidates(path: string): string[] {
    const top = this.folders.find((f) => isInside(path, f));
    const out: string[] = [];
    let dir = dirname(path);
    for (let level = 0; ; level += 1) {
      try {
        for (const name of readdirSync(dir).sort()) {
          const file = join(dir, name);
          if (name.toLowerCase().endsWith('.flow') && file !== path) out.push(file);
        }
      } catch {
        // An unreadable folder has no bot to offer.
      }
      if (top !== undefined ? dir === top || !isInside(dir, top) : level + 1 >= MAX_LEVELS_UP) break;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return out;
  }

  private checkRoot(root: string): void {
    for (const file of this.results.get(root)?.files ?? [root]) this.fresh(file);
    const result = compile(root, this.host, { cache: this.cache, checkOnly: true });
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) {
      const list = byFile.get(d.span.file);
      if (list === undefined) byFile.set(d.span.file, [d]);
      else list.push(d);
    }
    this.results.set(root, { files: new Set([root, ...result.sources.keys()]), diagnostics: byFile });
  }

  /** The cache entry of `path` when it still matches the file's text; dropped otherwise. */
  private fresh(path: string): Parsed | undefined {
    const entry = this.cache.get(path);
    if (entry === undefined || entry.ast === undefined || entry.text === undefined) return undefined;
    const open = this.open.get(path);
    const current = open !== undefined ? open === entry.text : this.stamps.get(path) === stampOf(path);
    if (current) return { ast: entry.ast, diagnostics: entry.diagnostics, text: entry.text };
    this.cache.delete(path);
    return undefined;
  }

  private read(path: string): string | undefined {
    const open = this.open.get(path);
    if (open !== undefined) return open;
    const stamp = stampOf(path);
    const text = this.disk.readFile(path);
    if (text !== undefined && stamp !== undefined) this.stamps.set(path, stamp);
    return text;
  }

  private inspect(path: string): FileFacts | undefined {
    const facts = this.disk.inspect?.(path);
    if (facts !== undefined) return facts;
    const open = this.open.get(path);
    return open === undefined ? undefined : { real: path, kind: 'file', size: Buffer.byteLength(open) };
  }
}

function stampOf(path: string): string | undefined {
  try {
    const info = statSync(path);
    return `${info.mtimeMs}:${info.size}`;
  } catch {
    return undefined;
  }
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
