import { describe, expect, it } from 'vitest';
import { prepareGraph } from '../src/engine/prepare.js';
import { step } from '../src/engine/step.js';
import { hasWordIndex, wordIndex } from '../src/match/word-index.js';
import type { GraphNode } from '../src/graph/types.js';
import { makeGraph, t } from './helpers/graph.js';

const graph = (): ReturnType<typeof makeGraph> =>
  makeGraph({
    home: {
      kind: 'menu',
      text: t('Welcome'),
      options: [{ id: 'income', number: 1, label: t('Income certificate'), words: ['utpanna'], target: 'income' }],
    },
    income: { kind: 'page', blocks: [{ kind: 'text', text: t('Income') }], then: { kind: 'back' }, parent: 'home' } satisfies GraphNode,
  });

describe('prepareGraph', () => {
  it('builds the word index once, before any message, and the first message uses that index', () => {
    const g = graph();
    expect(hasWordIndex(g)).toBe(false);
    expect(prepareGraph(g)).toBe(true);
    expect(hasWordIndex(g)).toBe(true);
    const built = wordIndex(g);
    expect(prepareGraph(g)).toBe(false);
    const first = step(g, undefined, { kind: 'text', text: 'utpanna' }, { now: 1_000 });
    expect(first.event).toMatchObject({ node: 'income', matchedBy: 'word' });
    expect(wordIndex(g)).toBe(built);
  });

  it('a reloaded graph (a new object) is prepared anew', () => {
    const before = graph();
    prepareGraph(before);
    const reloaded = graph();
    expect(hasWordIndex(reloaded)).toBe(false);
    expect(prepareGraph(reloaded)).toBe(true);
  });
});
