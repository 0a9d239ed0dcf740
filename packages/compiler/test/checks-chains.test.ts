import { step } from '@samvad/runtime';
import type { Graph } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { compile, memoryHost } from '../src/index.js';
import { MAX_AUTOMATIC_STEPS } from '../src/checks/chains.js';

/** A bot whose menu option (setting the `x` the branches test) leads into `steps` gotos (or branches) in a row, then a page. */
function chainBot(steps: number, kind: 'goto' | 'branch' = 'goto'): string {
  const lines = ['bot b', '  languages: en "English"', '  start: home', '', 'menu home', '  text: "Hi"', '  option go -> s0', '    "Go"', '    set x = "yes"', ''];
  for (let i = 0; i < steps; i += 1) {
    const to = i + 1 < steps ? `s${i + 1}` : 'done';
    lines.push(kind === 'goto' ? `goto s${i} -> ${to}` : `branch s${i}\n  when x == "no" -> done\n  else -> ${to}`, '');
  }
  lines.push('page done', '  text: "Arrived"', '  then home', '');
  return lines.join('\n');
}

function codes(text: string): string[] {
  return compile('c.flow', memoryHost({ 'c.flow': text })).diagnostics.map((d) => d.code);
}

/** What the runtime says when a citizen takes the menu's option into the chain. */
function ride(text: string): string {
  const { graph } = compile('c.flow', memoryHost({ 'c.flow': text }), {});
  if (graph === undefined) throw new Error('did not compile');
  return said(graph);
}

function said(graph: Graph): string {
  const first = step(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1_000 });
  const second = step(graph, first.session, { kind: 'text', text: '1' }, { now: 2_000 });
  return JSON.stringify(second.outbound);
}

describe('FLOW4008: a chain of branches and gotos longer than the runtime follows', () => {
  test('exactly as many as the runtime follows compile clean, and the citizen arrives', () => {
    for (const kind of ['goto', 'branch'] as const) {
      const text = chainBot(MAX_AUTOMATIC_STEPS, kind);
      expect(codes(text)).toEqual([]);
      expect(ride(text)).toContain('Arrived');
    }
  });

  test('one more is an error at the head of the chain — and the runtime would indeed end the conversation there', () => {
    const text = chainBot(MAX_AUTOMATIC_STEPS + 1);
    const result = compile('c.flow', memoryHost({ 'c.flow': text }), { checkOnly: true });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['FLOW4008', '`s0` starts a chain of 65 branches and gotos; the bot follows at most 64 in one step'],
    ]);
    expect(result.diagnostics[0]?.labels.map((l) => l.message)).toEqual(['step 65: here the bot would give up and end the conversation']);
    expect(result.graph).toBeUndefined();
  });

  test('MAX_AUTOMATIC_STEPS is the runtime\'s own limit: one more step and the runtime ends the conversation', () => {
    const { graph } = compile('c.flow', memoryHost({ 'c.flow': chainBot(MAX_AUTOMATIC_STEPS) }));
    if (graph === undefined) throw new Error('did not compile');
    expect(said(graph)).toContain('Arrived');
    // The same graph with one more goto in front of the chain (built by hand: the compiler refuses it).
    const home = graph.nodes['home'];
    if (home?.kind !== 'menu') throw new Error('no home menu');
    const longer: Graph = {
      ...graph,
      nodes: {
        ...graph.nodes,
        home: { ...home, options: home.options.map((o) => ({ ...o, target: 'extra' })) },
        extra: { kind: 'branch', cases: [], otherwise: 's0' },
      },
    };
    expect(said(longer)).not.toContain('Arrived');
  });

  test('100,000 gotos in a row: one diagnostic, no stack overflow', () => {
    expect(codes(chainBot(100_000))).toEqual(['FLOW4008']);
  });

  test('a loop is FLOW4006 only; a long chain feeding a loop is counted up to the loop', () => {
    const looping = chainBot(3).replace('goto s2 -> done', 'goto s2 -> s0');
    expect(codes(looping).filter((c) => c.startsWith('FLOW40'))).toContain('FLOW4006');
    expect(codes(looping)).not.toContain('FLOW4008');
    const long = chainBot(70).replace('goto s69 -> done', 'goto s69 -> l0') + '\ngoto l0 -> l1\ngoto l1 -> l0\n';
    expect(codes(long).filter((c) => c === 'FLOW4008')).toHaveLength(1);
  });
});
