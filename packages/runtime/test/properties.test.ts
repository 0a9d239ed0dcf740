import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import type { StepResult } from '../src/engine/step-types.js';
import type { Inbound } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import type { Session } from '../src/session/session.js';
import { makeGraph, t } from './helpers/graph.js';
import { transcript } from './helpers/transcript.js';
import { treeGraph } from './helpers/tree-graph.js';

/** A graph with every node kind, a data menu, inputs (text and photo), a branch and a call. */
const everything = makeGraph({
  home: {
    kind: 'menu',
    text: t('Home {name}'),
    options: [
      { id: 'ask', number: 1, label: t('Ask'), words: ['question'], target: 'ask' },
      { id: 'gr', number: 2, label: t('GRs'), words: [], target: 'gr' },
      { id: 'info', number: 3, label: t('Info'), words: [], target: 'info', set: { seen: 'yes' } },
      { id: 'hindi', number: 4, label: t('हिंदी'), words: [], target: 'home', language: 'hi' },
      { id: 'bye', number: 5, label: t('Bye'), words: [], target: 'bye' },
      { id: 'photo', number: 6, label: t('Photo'), words: [], target: 'photo' },
    ],
  },
  photo: {
    kind: 'input',
    text: t('Photo?'),
    variable: 'pic',
    validate: { kind: 'photo' },
    retry: t('A photo please'),
    retries: 2,
    onFail: 'home',
    next: 'submit',
  },
  submit: { kind: 'call', endpoint: 'g', send: { name: '{name}', pic: '{pic.id}' }, receive: { ref: 'reference' }, next: 'info', fallback: 'home' },
  ask: {
    kind: 'input',
    text: t('Name?'),
    variable: 'name',
    validate: { kind: 'pattern', pattern: '[a-z]{2,10}' },
    retry: t('Letters please'),
    retries: 2,
    onFail: 'home',
    next: 'route',
  },
  route: {
    kind: 'branch',
    cases: [{ when: { kind: 'compare', variable: 'name', op: '==', value: 'sita' }, target: 'info' }],
    otherwise: 'submit',
  },
  gr: {
    kind: 'menu',
    text: t('GRs'),
    options: [{ id: 'back', number: 1, label: t('Home'), words: [], target: 'home' }],
    dynamic: { source: 'gr', params: {}, into: 'gr', title: t('{gr.title}'), target: 'info', timeoutMs: 100, fallback: 'info' },
  },
  info: { kind: 'page', blocks: [{ kind: 'text', text: t('Info {gr.title}') }], then: { kind: 'next', target: 'bye' } },
  bye: { kind: 'end', text: t('Bye') },
}, { endpoints: { g: { urlEnv: 'G_URL', secretEnv: 'G_SECRET', timeoutMs: 100, sends: ['name', 'pic'], answers: ['reference'] } } });

const inbound: fc.Arbitrary<Inbound> = fc.oneof(
  fc.string().map((text) => ({ kind: 'text' as const, text })),
  fc.constantFrom('1', '2', '3', '4', '5', '९', '#', '0', 'help', 'भाषा', '2', 'restart', 'sita', 'hi', '०').map((text) => ({ kind: 'text' as const, text })),
  fc.constantFrom('home/gr', 'home/ask', '~back', '~lang:en', 'info/~next', 'gr/item:a', 'x/y', '~nope', '').map((id) => ({ kind: 'reply' as const, id })),
  fc.constantFrom('image', 'audio', 'location').map((what) => ({ kind: 'unsupported' as const, what })),
  fc.constantFrom<Inbound>(
    { kind: 'media', mediaType: 'image', id: 'i1', mime: 'image/jpeg', caption: 'c' },
    { kind: 'media', mediaType: 'document', id: 'd1', mime: 'application/pdf', filename: 'a.pdf' },
    { kind: 'media', mediaType: 'sticker', id: 's1', mime: 'image/webp' },
    { kind: 'location', latitude: 19.8, longitude: 75.9 },
    { kind: 'contact', name: 'Ram', phone: '+91' },
    { kind: 'call', requestId: 'submit:0', result: { ok: true, answer: { reference: 'R' } } },
  ),
);

/** What the host does with a call: answer it at once (ok or failed), or later (the session waits). */
type CallMode = 'ok' | 'fail' | 'later';

/** Steps once, then answers any data request at once (as `runTurn` would) and a call as `mode` says, collecting all outbound. */
function turn(session: Session | undefined, message: Inbound, now: number, ok: boolean, mode: CallMode): StepResult[] {
  const results = [step(everything, session, message, { now })];
  for (let last = results[0]; results.length < 5; last = results[results.length - 1]) {
    if (last?.request !== undefined) {
      const result = ok
        ? { ok: true as const, items: [{ id: 'a', fields: { title: 'GR A' } }] }
        : { ok: false as const, reason: 'timeout' as const };
      results.push(step(everything, last.session, { kind: 'data', requestId: last.request.id, result }, { now }));
    } else if (last?.call !== undefined && mode !== 'later') {
      const result = mode === 'ok' ? { ok: true as const, answer: { reference: 'JAL-1' } } : { ok: false as const, reason: 'error' as const };
      results.push(step(everything, last.session, { kind: 'call', requestId: last.call.id, result }, { now }));
    } else {
      break;
    }
  }
  return results;
}

describe('step never fails a citizen', () => {
  it('any sequence of inputs never throws and always yields at least one outbound (unless a call is on its way or a call result was stale)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inbound, fc.nat(40 * 60_000), fc.boolean(), fc.constantFrom<CallMode>('ok', 'fail', 'later')), { minLength: 1, maxLength: 30 }),
        (messages) => {
          let session: Session | undefined;
          let now = 0;
          for (const [message, gap, ok, mode] of messages) {
            now += gap;
            const results = turn(session, message, now, ok, mode);
            const outbound = results.flatMap((r) => r.outbound);
            const last = results[results.length - 1];
            const silent = last?.session.pending?.kind === 'call' || results[0]?.event.outcome === 'stale';
            if (!silent) expect(outbound.length).toBeGreaterThan(0);
            if (last?.session.pending?.kind === 'call') expect(last.session.node).toBe('submit');
            session = last?.session;
            expect(JSON.parse(JSON.stringify(session))).toEqual(session);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('any stored value as a session is survived', () => {
    fc.assert(
      fc.property(fc.anything(), inbound, (value, message) => {
        const result = step(everything, value as Session, message, { now: 5 });
        expect(result.session.v).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});

const tree = treeGraph(4, 3);
const walk = fc.array(fc.constantFrom('1', '2', '3', '4', '#', '0', '5'), { minLength: 1, maxLength: 25 });

describe('navigation properties on a menu tree', () => {
  it('back after any forward choice shows the previous node again', () => {
    fc.assert(
      fc.property(walk, (inputs) => {
        let result = step(tree, undefined, { kind: 'text', text: 'hi' }, { now: 0 });
        let arrival = transcript(result.outbound);
        inputs.forEach((text, i) => {
          const before = result;
          const next = step(tree, before.session, { kind: 'text', text }, { now: i + 1 });
          const forward = next.event.matchedBy === 'number' && next.session.history.length > before.session.history.length;
          if (forward) {
            const back = step(tree, next.session, { kind: 'text', text: '#' }, { now: i + 1 });
            expect(transcript(back.outbound)).toEqual(arrival);
            expect(back.session.node).toBe(before.session.node);
          }
          if (next.event.outcome === 'navigated' || next.event.outcome === 'start') arrival = transcript(next.outbound);
          result = next;
        });
      }),
      { numRuns: 150 },
    );
  });

  it('every option reachable by number is reachable by its Devanagari number', () => {
    const devanagari = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));
    fc.assert(
      fc.property(walk, fc.integer({ min: 0, max: 5 }), (inputs, n) => {
        let session = step(tree, undefined, { kind: 'text', text: 'hi' }, { now: 0 }).session;
        for (const text of inputs) session = step(tree, session, { kind: 'text', text }, { now: 1 }).session;
        const ascii = step(tree, session, { kind: 'text', text: String(n) }, { now: 2 });
        const indic = step(tree, session, { kind: 'text', text: devanagari(n) }, { now: 2 });
        expect(indic.outbound).toEqual(ascii.outbound);
        expect(indic.session).toEqual(ascii.session);
      }),
      { numRuns: 150 },
    );
  });
});
