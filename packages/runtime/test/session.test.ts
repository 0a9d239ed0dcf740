import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import type { StepEvent } from '../src/engine/step-types.js';
import type { Graph, GraphNode } from '../src/graph/types.js';
import type { Session } from '../src/session/session.js';
import { HASH_B, makeGraph, t } from './helpers/graph.js';
import { transcript } from './helpers/transcript.js';

const menu = (text: string, options: [string, string][]): GraphNode => ({
  kind: 'menu',
  text: t(text),
  options: options.map(([id, target], i) => ({ id, number: i + 1, label: t(id), words: [], target })),
});
const nodes: Record<string, GraphNode> = {
  home: menu('Home', [['revenue', 'revenue']]),
  revenue: menu('Revenue', [['land', 'land']]),
  land: menu('Land records', [['satbara', 'satbara']]),
  satbara: { kind: 'page', blocks: [{ kind: 'text', text: t('7/12 extract') }], then: { kind: 'back' } },
};
const v1 = makeGraph(nodes, { languages: [{ code: 'en', name: 'English' }] });

/** Plays text messages one minute apart and returns the final session. */
function play(graph: Graph, texts: string[], start = 0): Session {
  let session: Session | undefined;
  texts.forEach((text, i) => {
    session = step(graph, session, { kind: 'text', text }, { now: start + i * 60_000 }).session;
  });
  if (session === undefined) throw new Error('no session');
  return session;
}

describe('a new graph version', () => {
  it('resumes at the same node when it still exists, without a notice', () => {
    const session = play(v1, ['hi', '1', '1']);
    const v2 = makeGraph({ ...nodes, land: menu('Land records (new)', [['satbara', 'satbara']]) }, { languages: v1.languages, hash: HASH_B });
    const result = step(v2, session, { kind: 'text', text: '1' }, { now: 200_000 });
    expect(transcript(result.outbound)[0]).toBe('page: 7/12 extract');
    expect(result.session.graphHash).toBe(HASH_B);
  });

  it('moves to the nearest surviving node of the history, with the moved notice', () => {
    const session = play(v1, ['hi', '1', '1']);
    expect(session.node).toBe('land');
    const { land: _gone, ...rest } = nodes;
    const v2 = makeGraph({ ...rest, revenue: menu('Revenue', [['satbara', 'satbara']]) }, { languages: v1.languages, hash: HASH_B });
    const result = step(v2, session, { kind: 'text', text: '1' }, { now: 200_000 });
    expect(transcript(result.outbound)).toEqual([
      'text: This service has been updated; you are at the nearest step that still exists.',
      'menu: Revenue | 1 satbara [revenue/satbara]',
    ]);
    expect(result.event.outcome).toBe('moved');
    expect(result.session.node).toBe('revenue');
  });

  it('falls back to start when nothing in the history survives', () => {
    const session = play(v1, ['hi', '1']);
    const v2 = makeGraph({ home: menu('New home', []) }, { languages: v1.languages, hash: HASH_B });
    const result = step(v2, session, { kind: 'text', text: '1' }, { now: 200_000 });
    expect(result.session.node).toBe('home');
    expect(result.outbound[0]).toMatchObject({ kind: 'text' });
    expect(result.event.outcome).toBe('moved');
  });
});

describe('unreadable sessions', () => {
  it('restarts a session of another version politely', () => {
    const session = { ...play(v1, ['hi', '1']), v: 2 } as unknown as Session;
    const result = step(v1, session, { kind: 'text', text: '1' }, { now: 200_000 });
    expect(transcript(result.outbound)).toEqual([
      "text: Welcome back! 🙏 Let's start again from the main menu.",
      'menu: Home | 1 revenue [home/revenue]',
    ]);
    expect(result.event.outcome).toBe('reset');
    expect(result.session.v).toBe(1);
  });

  it.each([
    ['null', null],
    ['a string', 'oops'],
    ['missing fields', { v: 1, node: 'home' }],
    ['history not a list', { v: 1, node: 'home', lang: 'en', vars: {}, history: 'x', graphHash: '', createdAt: 0, updatedAt: 0, misses: 0 }],
    ['unknown pending', { v: 1, node: 'home', lang: 'en', vars: {}, history: [], graphHash: '', createdAt: 0, updatedAt: 0, misses: 0, pending: { kind: '?' } }],
  ])('discards a corrupt session (%s) and starts again', (_label, value) => {
    const result = step(v1, value as unknown as Session, { kind: 'text', text: '1' }, { now: 10 });
    expect(result.event.outcome).toBe('reset');
    expect(result.session.node).toBe('home');
    expect(result.outbound.length).toBe(2);
  });

  it('a session in an unknown language continues in the default language', () => {
    const session = { ...play(v1, ['hi']), lang: 'ta' };
    const result = step(v1, session, { kind: 'text', text: '1' }, { now: 60_000 });
    expect(result.session.lang).toBe('en');
    expect(transcript(result.outbound)).toEqual(['menu: Revenue | 1 land [revenue/land]']);
  });
});

describe('session shape', () => {
  it('is plain JSON under 1 KB after a typical conversation', () => {
    const session = play(v1, ['hi', '1', '1', '1', 'back', 'back', '1', '1', 'help', '0', '1', '1']);
    const json = JSON.stringify(session);
    expect(JSON.parse(json)).toEqual(session);
    expect(Buffer.byteLength(json)).toBeLessThan(1024);
  });

  it('continues the same way from a session read back from JSON as from the one step returned', () => {
    const session = play(v1, ['hi', '1', '1']);
    const stored = JSON.parse(JSON.stringify(session)) as Session;
    expect(Object.keys(stored)).toEqual(['v', 'node', 'lang', 'vars', 'history', 'graphHash', 'createdAt', 'updatedAt', 'misses']);
    const direct = step(v1, session, { kind: 'text', text: '1' }, { now: 300_000 });
    const fromStore = step(v1, stored, { kind: 'text', text: '1' }, { now: 300_000 });
    expect(fromStore.session).toEqual(direct.session);
    expect(fromStore.outbound).toEqual(direct.outbound);
    expect(fromStore.event).toEqual(direct.event);
  });

  it('still checks a session that step returned once it has been copied and changed', () => {
    const session = play(v1, ['hi', '1']);
    const tampered = { ...session, history: 'revenue' } as unknown as Session;
    const result = step(v1, tampered, { kind: 'text', text: '1' }, { now: 200_000 });
    expect(result.event.outcome).toBe('reset');
  });

  it('caps the history', () => {
    const loop = makeGraph({ home: menu('Home', [['again', 'home']]) });
    const session = play(loop, ['hi', ...Array.from({ length: 40 }, () => '1')]);
    expect(session.history.length).toBe(20);
  });

  it('honours an idle timeout given in the context', () => {
    const session = play(v1, ['hi', '1']);
    const result = step(v1, session, { kind: 'text', text: '1' }, { now: session.updatedAt + 5_001, idleTimeoutMs: 5_000 });
    expect(result.event.outcome).toBe('expired');
  });
});

describe('analytics', () => {
  it('reports each step to onStep and in the result', () => {
    const events: StepEvent[] = [];
    const session = play(v1, ['hi']);
    const result = step(v1, session, { kind: 'text', text: 'Revenue' }, {
      now: 1_000,
      userId: '919800000001',
      onStep: (event) => events.push(event),
    });
    const expected = { node: 'revenue', language: 'en', matchedBy: 'label', outcome: 'navigated', chosen: 'home.revenue', userId: '919800000001' };
    expect(events).toEqual([expected]);
    expect(result.event).toEqual(expected);
  });

  it('a throwing onStep hook does not break the conversation', () => {
    const result = step(v1, undefined, { kind: 'text', text: 'hi' }, {
      now: 1,
      onStep: () => {
        throw new Error('analytics down');
      },
    });
    expect(result.outbound.length).toBe(1);
  });
});
