import { GRAPH_FORMAT, MESSAGE_KEYS, defaultMessages } from '@samvad/runtime';
import type { Graph, GraphEndpoint, GraphNode, LocalizedText, MessageKey, SourceLocation } from '@samvad/runtime';
import { inSortedOrder } from '../emit/canonical.js';
import type { Locator } from '../location.js';
import { folderOf, relativeTo } from '../paths.js';
import type { Program } from '../program.js';
import { commandWords } from './commands.js';
import { DEFAULT_ENDPOINT_TIMEOUT_MS, DEFAULT_SOURCE_TIMEOUT_MS, lowerNode } from './nodes.js';
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
export function lowerProgram(program: Program, parentOf: (id: string) => string | undefined, locator: Locator): UnhashedGraph {
  const bot = program.bot;
  const languages = program.languages;
  const start = bot?.start?.name ?? '';
  const sortedLanguages = [...languages].sort();
  const settings = { languages: sortedLanguages, retries: bot?.retries?.value ?? DEFAULT_RETRIES, start };
  const base = folderOf(program.root);
  const shownPaths = new Map<string, string>();
  const nodes: Record<string, GraphNode> = {};
  const sourceMap: Record<string, SourceLocation> = {};
  for (const id of [...program.nodes.keys()].sort()) {
    const decl = program.nodes.get(id);
    if (decl === undefined) continue;
    nodes[id] = lowerNode(decl, program, settings, parentOf(id));
    const { line, column } = locator.locate(decl.id.span);
    const file = decl.id.span.file;
    let shown = shownPaths.get(file);
    if (shown === undefined) {
      shown = relativeTo(base, file);
      shownPaths.set(file, shown);
    }
    sourceMap[id] = { column, file: shown, line };
  }
  const sources: Record<string, { timeoutMs: number }> = {};
  for (const id of [...program.sources.keys()].sort()) {
    sources[id] = { timeoutMs: program.sources.get(id)?.timeout?.ms ?? DEFAULT_SOURCE_TIMEOUT_MS };
  }
  const endpoints: Record<string, GraphEndpoint> = {};
  for (const id of [...program.endpoints.keys()].sort()) {
    const decl = program.endpoints.get(id);
    if (decl === undefined) continue;
    endpoints[id] = {
      answers: decl.answers.map((a) => a.name),
      secretEnv: decl.secretEnv?.name ?? '',
      sends: decl.sends.map((s) => s.name),
      timeoutMs: decl.timeout?.ms ?? DEFAULT_ENDPOINT_TIMEOUT_MS,
      urlEnv: decl.urlEnv?.name ?? '',
    };
  }
  const words = commandWords(bot);
  // Every object below is built with its keys in sorted order: emitting trusts that (no check, no copy).
  return inSortedOrder({
    bot: bot?.id.name ?? '',
    commands: { back: words.back, help: words.help, home: words.home, language: words.language, restart: words.restart },
    endpoints,
    format: GRAPH_FORMAT,
    languages: (bot?.languages ?? []).map((l) => ({ code: l.code.name, name: l.name.value })),
    messages: lowerMessages(program, sortedLanguages),
    nodes,
    settings: { idleTimeoutMs: bot?.idle?.ms ?? DEFAULT_IDLE_MS, retries: settings.retries },
    sourceMap,
    sources,
    start,
  });
}

/** The runtime's default messages for the bot's languages (English for others), overridden by `messages:`. */
function lowerMessages(program: Program, languages: readonly string[]): Record<MessageKey, LocalizedText> {
  const overrides = new Map(program.bot?.messages.map((m) => [m.key.name, m.text]) ?? []);
  const result = {} as Record<MessageKey, LocalizedText>;
  for (const key of [...MESSAGE_KEYS].sort()) {
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
