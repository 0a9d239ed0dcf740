import { createHash } from 'node:crypto';
import { loadGraph } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, compile, emitGraph, graphHash, nodeHost } from '../src/index.js';
import { sha256OfPlainJson } from '../src/emit/hash-json.js';
import { validateEmitted } from '../src/emit/validate.js';
import { bot, compileFiles, compileText, menu, page } from './support/build.js';
import { exampleRoots } from './support/examples.js';

const flow = bot(menu('home', [['b', 'info', 'ब', 'B'], ['a', 'end_node', 'अ', 'A']]) + page('info') + 'end end_node\n');

describe('emit', () => {
  const graph = compileText(flow).graph as Graph;

  test('sorted keys at every level (arrays keep order), 2-space JSON, trailing newline', () => {
    const text = emitGraph(graph);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "bot": "demo",\n  "commands": {')).toBe(true);
    const keysInOrder = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(keysInOrder);
      if (value === null || typeof value !== 'object') return true;
      const keys = Object.keys(value);
      return keys.join() === [...keys].sort().join() && Object.values(value).every(keysInOrder);
    };
    expect(keysInOrder(JSON.parse(text))).toBe(true);
    const home = JSON.parse(text).nodes.home;
    expect(home.options.map((o: { id: string }) => o.id)).toEqual(['b', 'a']);
  });

  test('canonical JSON is JSON of the same value, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const plain: unknown = JSON.parse(JSON.stringify(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(plain);
        expect(JSON.parse(canonicalJson(value, 2))).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  test('the emitted text loads in the runtime and keeps its hash', () => {
    const loaded = loadGraph(emitGraph(graph));
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(graphHash(loaded.graph)).toBe(graph.hash);
  });

  test('hash = sha256 of the canonical JSON without hash and sourceMap', () => {
    const { hash: _hash, sourceMap: _map, ...rest } = JSON.parse(emitGraph(graph)) as Graph;
    const expected = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
    expect(graph.hash).toBe(`sha256:${expected}`);
  });

  test('the hash of any JSON object is sha256 of its canonical JSON without hash and sourceMap (hashed piecewise)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (top, nodes) => {
        const value = { ...top, nodes, sourceMap: nodes };
        const { hash: _hash, sourceMap: _map, ...rest } = JSON.parse(canonicalJson(value)) as Record<string, unknown>;
        const expected = createHash('sha256').update(canonicalJson(rest)).digest('hex');
        expect(graphHash(value as unknown as Graph)).toBe(`sha256:${expected}`);
      }),
      { numRuns: 200 },
    );
  });

  test('hashing plain JSON without stringifying it gives the hash of its JSON.stringify text', () => {
    // Any UTF-16 unit, lone surrogates and control characters included, in keys and values.
    const text = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
        fc.dictionary(text, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 6 }), (content) => {
        const { hash: _hash, sourceMap: _map, ...rest } = content;
        const expected = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
        expect(sha256OfPlainJson(content, new Set(['hash', 'sourceMap']))).toBe(expected);
      }),
      { numRuns: 500 },
    );
    const edges = ['\ud800\udc00', '\udbff\udfff', '\udc00', 'x\ud800', '\ud800x', '\udfff\ud800', '\u0000\u001f\u007f\u0080\u07ff\u0800\uffff', '\b\f\n\r\t"\\/'];
    for (const edge of edges) {
      const content = { [edge]: edge, list: [edge] };
      expect(sha256OfPlainJson(content, new Set())).toBe(createHash('sha256').update(JSON.stringify(content)).digest('hex'));
    }
    const long = 'अ'.repeat(40_000) + '\ud800' + '"'.repeat(20_000) + '😀'.repeat(30_000);
    expect(sha256OfPlainJson({ long, list: [long, 'x'] }, new Set())).toBe(createHash('sha256').update(JSON.stringify({ long, list: [long, 'x'] })).digest('hex'));
  });

  test('compiling twice gives the same bytes; moving a definition changes sourceMap but not the hash', () => {
    expect(emitGraph(compileText(flow).graph as Graph)).toBe(emitGraph(graph));
    const moved = compileText(`\n\n${flow}`).graph as Graph;
    expect(moved.hash).toBe(graph.hash);
    expect(moved.sourceMap.home?.line).toBe((graph.sourceMap.home?.line ?? 0) + 2);
  });

  test('reordering declarations across files does not change the nodes', () => {
    const header = bot('', '').trimEnd();
    const a = compileFiles({
      'main.flow': `include "one.flow"\ninclude "two.flow"\n${header}\n`,
      'one.flow': menu('home', [['b', 'info', 'ब', 'B'], ['a', 'end_node', 'अ', 'A']]),
      'two.flow': `${page('info')}end end_node\n`,
    }).graph as Graph;
    const b = compileFiles({
      'main.flow': `include "two.flow"\n${header}\ninclude "one.flow"\n`,
      'one.flow': `end end_node\n\n${menu('home', [['b', 'info', 'ब', 'B'], ['a', 'end_node', 'अ', 'A']])}`,
      'two.flow': page('info'),
    }).graph as Graph;
    expect(a).toBeDefined();
    expect(JSON.stringify(JSON.parse(emitGraph(b)).nodes)).toBe(JSON.stringify(JSON.parse(emitGraph(a)).nodes));
    expect(b.hash).toBe(a.hash);
  });

  test('lowering builds every object with its keys in sorted order and no undefined member (emitting trusts it)', () => {
    // Checks the graph in memory, not re-parsed text: `withHash` and `emitGraph` use it as built.
    const inOrder = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(inOrder);
      if (value === null || typeof value !== 'object') return value !== undefined;
      const keys = Object.keys(value);
      const sorted = [...keys].sort();
      // Integer-like keys are listed first whatever the insertion order: only the others must be sorted.
      const named = (list: readonly string[]) => list.filter((k) => !/^(0|[1-9]\d*)$/.test(k));
      return named(keys).join('\u0000') === named(sorted).join('\u0000') && Object.values(value).every(inOrder);
    };
    const graphs = [graph, ...exampleRoots().map((path) => compile(path, nodeHost()).graph)];
    for (const each of graphs) {
      expect(each).toBeDefined();
      expect(inOrder(each)).toBe(true);
    }
  });

  test('a graph the runtime schema rejects becomes FLOW9001, not an exception', () => {
    const broken = { ...graph, nodes: { ...graph.nodes, info: { kind: 'page', blocks: 'nope' } } } as unknown as Graph;
    const d = validateEmitted(broken, 'main.flow');
    expect(d?.code).toBe('FLOW9001');
    expect(d?.notes.some((n) => n.includes('/nodes/info'))).toBe(true);
  });
});
