/** Builds small test graphs: hand-written nodes, built-in messages and command words. */
import { defaultCommandWords, defaultMessages } from '../../src/graph/default-messages.js';
import type { Graph, GraphNode } from '../../src/graph/types.js';

/** A fixed fake hash; tests that need a changed graph pass another. */
export const HASH_A = `sha256:${'a'.repeat(64)}`;
export const HASH_B = `sha256:${'b'.repeat(64)}`;

/** A graph with mr/hi/en, start `home`, retries 3 and a 30-minute idle timeout unless overridden. */
export function makeGraph(nodes: Record<string, GraphNode>, overrides: Partial<Graph> = {}): Graph {
  return {
    format: 1,
    hash: HASH_A,
    bot: 'test_bot',
    languages: [
      { code: 'mr', name: 'मराठी' },
      { code: 'hi', name: 'हिंदी' },
      { code: 'en', name: 'English' },
    ],
    start: 'home',
    settings: { retries: 3, idleTimeoutMs: 30 * 60 * 1000 },
    commands: defaultCommandWords,
    messages: defaultMessages,
    sources: {},
    nodes,
    sourceMap: {},
    ...overrides,
  };
}

/** The same text in all three languages (with a language tag so tests can tell them apart). */
export function t(text: string): Record<string, string> {
  return { mr: `${text} (mr)`, hi: `${text} (hi)`, en: text };
}
