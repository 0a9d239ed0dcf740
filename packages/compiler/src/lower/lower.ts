import { GRAPH_FORMAT, MESSAGE_KEYS, defaultMessages } from '@samvad/runtime';
import type { Graph, GraphNode, LocalizedText, MessageKey, SourceLocation } from '@samvad/runtime';
import type { Locator } from '../location.js';
import { folderOf, relativeTo } from '../paths.js';
import type { Program } from '../program.js';
import { commandWords } from './commands.js';
import { DEFAULT_SOURCE_TIMEOUT_MS, lowerNode } from './nodes.js';
import { localize } from './texts.js';

/** Defaults of the bot header. */
export const DEFAULT_RETRIES = 3;
export const DEFAULT_IDLE_MS = 30 * 60 * 1000;

/** A graph before hashing: `hash` is filled by `emit`. */
export type UnhashedGraph = Omit<Graph, 'hash'>;

/**
 * Lowers a checked program to the graph the runtime reads. Nodes keep their ids; `goto` becomes a
 * branch without cases; `parent` is the node that first reaches a node on a breadth-first walk
 * from `start`; `sourceMap` paths are relative to the root file's folder.
 */
export function lowerProgram(program: Program, parents: ReadonlyMap<string, string>, locator: Locator): UnhashedGraph {
  const bot = program.bot;
  const languages = program.languages;
  const start = bot?.start?.name ?? '';
  const settings = { languages, retries: bot?.retries?.value ?? DEFAULT_RETRIES, start };
  const base = folderOf(program.root);
  const shownPaths = new Map<string, string>();
  const nodes: Record<string, GraphNode> = {};
  const sourceMap: Record<string, SourceLocation> = {};
  for (const [id, decl] of program.nodes) {
    const node = lowerNode(decl, program, settings);
    const parent = parents.get(id);
    nodes[id] = parent === undefined ? node : { ...node, parent };
    const { line, column } = locator.locate(decl.id.span);
    const file = decl.id.span.file;
    let shown = shownPaths.get(file);
    if (shown === undefined) {
      shown = relativeTo(base, file);
      shownPaths.set(file, shown);
    }
    sourceMap[id] = { file: shown, line, column };
  }
  const sources: Record<string, { timeoutMs: number }> = {};
  for (const [id, source] of program.sources) sources[id] = { timeoutMs: source.timeout?.ms ?? DEFAULT_SOURCE_TIMEOUT_MS };
  return {
    format: GRAPH_FORMAT,
    bot: bot?.id.name ?? '',
    languages: (bot?.languages ?? []).map((l) => ({ code: l.code.name, name: l.name.value })),
    start,
    settings: { retries: settings.retries, idleTimeoutMs: bot?.idle?.ms ?? DEFAULT_IDLE_MS },
    commands: commandWords(bot),
    messages: lowerMessages(program),
    sources,
    nodes,
    sourceMap,
  };
}

/** The runtime's default messages for the bot's languages (English for others), overridden by `messages:`. */
function lowerMessages(program: Program): Record<MessageKey, LocalizedText> {
  const languages = program.languages;
  const overrides = new Map(program.bot?.messages.map((m) => [m.key.name, m.text]) ?? []);
  const result = {} as Record<MessageKey, LocalizedText>;
  for (const key of MESSAGE_KEYS) {
    const override = overrides.get(key);
    if (override !== undefined) {
      result[key] = localize(override, languages);
      continue;
    }
    const defaults = defaultMessages[key];
    result[key] = Object.fromEntries(languages.map((l) => [l, defaults[l] ?? defaults.en ?? '']));
  }
  return result;
}
