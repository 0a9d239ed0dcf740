/** Builds small test graphs: hand-written nodes, built-in messages and command words. */
import { defaultCommandWords, defaultMessages } from '../../src/graph/default-messages.js';
import { GRAPH_FORMAT } from '../../src/graph/types.js';
import type { Graph, GraphNode } from '../../src/graph/types.js';

/** A fixed fake hash; tests that need a changed graph pass another. */
export const HASH_A = `sha256:${'a'.repeat(64)}`;
export const HASH_B = `sha256:${'b'.repeat(64)}`;

/** A graph with mr/hi/en, start `home`, retries 3 and a 30-minute idle timeout unless overridden. */
export function makeGraph(nodes: Record<string, GraphNode>, overrides: Partial<Graph> = {}): Graph {
  return {
    format: GRAPH_FORMAT,
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
    endpoints: {},
    nodes,
    sourceMap: {},
    ...overrides,
  };
}

/** The same text in all three languages (with a language tag so tests can tell them apart). */
export function t(text: string): Record<string, string> {
  return { mr: `${text} (mr)`, hi: `${text} (hi)`, en: text };
}

/**
 * The nodes of a small graph touching every node kind: a `home` menu (by default one option, to
 * `info`), an `info` page with every block kind, an `ask` input (its parent `askParent` when
 * given), a `check` branch and a `bye` end. `home` replaces the default menu.
 */
export function sampleNodes(options: { readonly home?: GraphNode; readonly askParent?: string } = {}): Record<string, GraphNode> {
  return {
    home: options.home ?? {
      kind: 'menu',
      text: t('Welcome'),
      options: [{ id: 'info', number: 1, label: t('Info'), words: ['information'], target: 'info' }],
    },
    info: {
      kind: 'page',
      parent: 'home',
      blocks: [
        { kind: 'text', text: t('About {name}') },
        { kind: 'bullets', items: [t('Aadhaar'), t('Ration card')] },
        { kind: 'link', url: 'https://example.org', label: t('Apply') },
      ],
      then: { kind: 'back' },
    },
    ask: {
      kind: 'input',
      ...(options.askParent === undefined ? {} : { parent: options.askParent }),
      text: t('Age?'),
      variable: 'age',
      validate: { kind: 'number', min: 1, max: 120 },
      retry: t('A number please'),
      retries: 2,
      onFail: 'home',
      next: 'check',
    },
    check: {
      kind: 'branch',
      cases: [{ when: { kind: 'and', left: { kind: 'isSet', variable: 'age' }, right: { kind: 'compare', variable: 'age', op: '>=', value: 60 } }, target: 'info' }],
      otherwise: 'bye',
    },
    bye: { kind: 'end', text: t('Bye') },
  };
}
