/**
 * The matcher on a small bot whose labels are only Devanagari and lists no romanised word:
 * romanised, inflected and misspelt requests still reach their service, function words never
 * match, ties ask, and the index is built once per graph.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import type { GraphNode, GraphOption } from '../src/graph/types.js';
import { decide } from '../src/match/decide.js';
import { rank, rankTokens } from '../src/match/rank.js';
import { wordIndex } from '../src/match/word-index.js';
import { makeGraph } from './helpers/graph.js';

const mr = (text: string) => ({ mr: text, hi: text, en: text });
const option = (id: string, label: string, target: string, words: string[] = []): GraphOption => ({ id, number: 0, label: mr(label), words, target });
const menu = (options: GraphOption[], parent?: string): GraphNode => ({
  kind: 'menu',
  text: mr('निवडा'),
  options: options.map((o, i) => ({ ...o, number: i + 1 })),
  ...(parent === undefined ? {} : { parent }),
});
const page = (text: string, parent: string): GraphNode => ({ kind: 'page', blocks: [{ kind: 'text', text: mr(text) }], then: { kind: 'back' }, parent });

const graph = makeGraph({
  home: menu([option('services', 'सेवा', 'services'), option('other', 'इतर', 'other')]),
  services: menu(
    [
      option('income', 'उत्पन्नाचा दाखला', 'income', ['dakhla']),
      option('caste', 'जातीचा दाखला', 'caste', ['dakhla']),
      option('passport', 'पासपोर्ट', 'passport'),
      option('validity', 'जात पडताळणी', 'validity'),
      option('pan', 'पॅन कार्ड', 'pan', ['card']),
    ],
    'home',
  ),
  other: menu([option('card_a', 'आयुष्मान कार्ड', 'card_a', ['card']), option('card_b', 'आभा कार्ड', 'card_b', ['card'])], 'home'),
  income: page('उत्पन्न', 'services'),
  caste: page('जात', 'services'),
  passport: page('पासपोर्ट', 'services'),
  validity: page('पडताळणी', 'services'),
  pan: page('पॅन', 'services'),
  card_a: page('आयुष्मान', 'other'),
  card_b: page('आभा', 'other'),
});

const first = (text: string) => step(graph, undefined, { kind: 'text', text }, { now: 1_000 });

describe('matching words the author never listed', () => {
  it.each([
    ['utpanna dakhla', 'income'],
    ['utpannacha dakhla pahije', 'income'],
    ['mala jaticha dakhla kasa milel', 'caste'],
    ['उत्पन्नाच्या दाखल्यासाठी काय लागते', 'income'],
    ['pasport', 'passport'],
    ['passport', 'passport'],
    ['jat padtalni', 'validity'],
  ])('"%s" reaches %s through transliteration, stems or a typo', (text, node) => {
    expect(first(text).event).toMatchObject({ node, matchedBy: 'word' });
  });

  it('function words never match: "mala kasa milel pahije" is not a request', () => {
    expect(first('mala kasa milel pahije').event).toMatchObject({ node: 'home', matchedBy: 'none' });
  });

  it('services of different menus sharing the only word ask, all offered', () => {
    const asked = first('card');
    expect(asked.event.outcome).toBe('asked');
    const options = asked.outbound.find((o) => o.kind === 'menu');
    expect(options?.kind === 'menu' ? options.options.map((o) => o.id).sort() : []).toEqual(['other/card_a', 'other/card_b', 'services/pan']);
  });

  it('options of one menu sharing the only word show that menu', () => {
    expect(first('dakhla').event).toMatchObject({ node: 'services', matchedBy: 'word' });
  });

  it('builds the index once per graph and decides the same way every time', () => {
    expect(wordIndex(graph)).toBe(wordIndex(graph));
    const index = wordIndex(graph);
    expect(decide(index, rank(index, 'utpanna dakhla'))).toEqual(decide(index, rank(index, 'utpanna dakhla')));
  });
});

describe('a long message', () => {
  it('is read up to its first 40 words: a request at the start still routes, a pasted page costs little', () => {
    const long = `utpanna dakhla ${'हे एक लांब वाक्य आहे '.repeat(2_000)}`;
    expect(first(long).event.node).toBe('income');
    expect(rankTokens(wordIndex(graph), long)).toHaveLength(40);
  });
});
