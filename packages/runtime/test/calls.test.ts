/**
 * Calls beyond the trace fixtures: `runTurn` with canned callers and with `deferCalls`, a session
 * waiting for a call across a new graph version or past the idle timeout, the session reader, and
 * how answer paths become variables.
 */
import { describe, expect, it } from 'vitest';
import { answerGap, answerValue, describeAnswerGap, incompleteResult } from '../src/engine/call.js';
import { explainMessage } from '../src/engine/explain.js';
import { MAX_TURN_CALLS, performCall, runTurn } from '../src/engine/run-turn.js';
import { step } from '../src/engine/step.js';
import type { CallProvider, CallRequest, CallResult } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import { validateGraph } from '../src/graph/validate.js';
import { readSession } from '../src/session/session.js';
import type { Session } from '../src/session/session.js';
import { HASH_B, makeGraph, t } from './helpers/graph.js';
import { transcript } from './helpers/transcript.js';

const nodes: Record<string, GraphNode> = {
  home: {
    kind: 'menu',
    text: t('Home'),
    options: [{ id: 'complain', number: 1, label: t('Complain'), words: ['complaint'], target: 'problem' }],
  },
  problem: {
    kind: 'input',
    parent: 'home',
    text: t('Describe it'),
    variable: 'problem',
    validate: { kind: 'any' },
    retry: t('Please describe it'),
    retries: 3,
    onFail: 'home',
    next: 'submit',
  },
  submit: {
    kind: 'call',
    parent: 'problem',
    endpoint: 'grievances',
    send: { problem: '{problem}' },
    receive: { ref: 'reference' },
    next: 'done',
    fallback: 'failed',
  },
  done: { kind: 'page', parent: 'submit', blocks: [{ kind: 'text', text: t('Reference {ref}') }], then: { kind: 'home' } },
  failed: { kind: 'page', parent: 'submit', blocks: [{ kind: 'text', text: t('Not sent') }], then: { kind: 'home' } },
};
const endpoints = {
  grievances: { urlEnv: 'G_URL', secretEnv: 'G_SECRET', timeoutMs: 50, sends: ['problem'], answers: ['reference'] },
};
const graph = makeGraph(nodes, { languages: [{ code: 'en', name: 'English' }], endpoints });

/** Runs "hi", "1", then the problem text through runTurn; returns the last turn's result. */
async function submit(options: { callers?: Record<string, CallProvider>; deferCalls?: boolean }) {
  const base = { providers: {}, ...options };
  const first = await runTurn(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1_000, ...base });
  const second = await runTurn(graph, first.session, { kind: 'text', text: '1' }, { now: 2_000, ...base });
  return runTurn(graph, second.session, { kind: 'text', text: 'Pothole on MG road' }, { now: 3_000, ...base });
}

describe('runTurn and calls', () => {
  it('is a valid graph', () => {
    const checked = validateGraph(graph);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
  });

  it('makes the call with the canned caller and answers from its result in the same turn', async () => {
    const seen: CallRequest[] = [];
    const result = await submit({
      callers: {
        grievances: async (request) => {
          seen.push(request);
          return { ok: true, answer: { reference: 'JAL-17' } };
        },
      },
    });
    expect(seen).toEqual([{ id: expect.stringMatching(/^submit:/), endpoint: 'grievances', node: 'submit', fields: { problem: 'Pothole on MG road' }, timeoutMs: 50 }]);
    expect(transcript(result.outbound)).toEqual(['page: Reference JAL-17', 'menu: What next? | 1 Main menu [~home] | 2 Back [~back]']);
    expect(result.call).toBeUndefined();
    expect(result.session.pending).toBeUndefined();
  });

  it('takes the fallback on timeout, aborting the caller', async () => {
    let aborted = false;
    const result = await submit({
      callers: {
        grievances: (_request, signal) =>
          new Promise<CallResult>((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      },
    });
    expect(aborted).toBe(true);
    expect(transcript(result.outbound)[0]).toBe('page: Not sent');
    expect(result.session.node).toBe('failed');
  });

  it('a caller that throws, and a missing caller, are failures with a reason, not crashes', async () => {
    const request: CallRequest = { id: 'x', endpoint: 'grievances', node: 'submit', fields: {}, timeoutMs: 1_000 };
    const thrown = await performCall({ grievances: async () => { throw new Error('ECONNREFUSED'); } }, request);
    expect(thrown).toEqual({ ok: false, reason: 'error', detail: 'ECONNREFUSED' });
    const missing = await performCall({}, request);
    expect(missing).toEqual({ ok: false, reason: 'error', detail: 'no caller for endpoint "grievances" is configured' });
    expect(transcript((await submit({})).outbound)[0]).toBe('page: Not sent');
    const nothing = await performCall({ grievances: (async () => undefined) as unknown as CallProvider }, request);
    expect(nothing).toEqual({ ok: false, reason: 'error', detail: 'the caller for "grievances" returned no result' });
  });

  it('with deferCalls stops at the call and returns it; the result fed back later answers', async () => {
    const callers = { grievances: async (): Promise<CallResult> => { throw new Error('must not be called'); } };
    const waiting = await submit({ callers, deferCalls: true });
    expect(waiting.outbound).toEqual([]);
    expect(waiting.call).toMatchObject({ endpoint: 'grievances', node: 'submit', fields: { problem: 'Pothole on MG road' }, timeoutMs: 50 });
    expect(waiting.session.pending).toEqual({ kind: 'call', id: waiting.call?.id });
    // The session is stored as JSON by the host, and the answer comes as a new turn.
    const stored = JSON.parse(JSON.stringify(waiting.session)) as Session;
    const text = await runTurn(graph, stored, { kind: 'text', text: 'hello?' }, { now: 4_000, providers: {}, deferCalls: true });
    expect(transcript(text.outbound)).toEqual(['text: ⏳ Please wait — we are sending your request…']);
    expect(text.call).toBeUndefined();
    const answered = await runTurn(
      graph,
      text.session,
      { kind: 'call', requestId: waiting.call?.id ?? '', result: { ok: true, answer: { reference: 'JAL-18' } } },
      { now: 5_000, providers: {}, deferCalls: true },
    );
    expect(transcript(answered.outbound)[0]).toBe('page: Reference JAL-18');
  });

  it('stops a turn whose calls loop (a fallback back to the call) and gives each call its own id', async () => {
    const looping = makeGraph(
      { ...nodes, submit: { ...(nodes['submit'] as Extract<GraphNode, { kind: 'call' }>), fallback: 'submit' } },
      { languages: [{ code: 'en', name: 'English' }], endpoints },
    );
    const ids: string[] = [];
    const callers = { grievances: async (request: CallRequest): Promise<CallResult> => { ids.push(request.id); return { ok: false, reason: 'rejected' }; } };
    const first = await runTurn(looping, undefined, { kind: 'text', text: 'hi' }, { now: 1, providers: {}, callers });
    const second = await runTurn(looping, first.session, { kind: 'text', text: '1' }, { now: 2, providers: {}, callers });
    const third = await runTurn(looping, second.session, { kind: 'text', text: 'x' }, { now: 3, providers: {}, callers });
    expect(ids).toHaveLength(MAX_TURN_CALLS);
    expect(new Set(ids).size).toBe(MAX_TURN_CALLS);
    expect(third.call?.id).toBe(third.session.pending?.kind === 'call' ? third.session.pending.id : 'none');
  });
});

describe('a session waiting for a call', () => {
  function waitingSession(): Session {
    const a = step(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1_000 });
    const b = step(graph, a.session, { kind: 'text', text: '1' }, { now: 2_000 });
    const c = step(graph, b.session, { kind: 'text', text: 'Broken streetlight' }, { now: 3_000 });
    expect(c.call?.node).toBe('submit');
    return JSON.parse(JSON.stringify(c.session)) as Session;
  }

  it('is read back by the session reader', () => {
    const session = waitingSession();
    expect(readSession(session)).toEqual({ ok: true, session });
    expect(readSession({ ...session, pending: { kind: 'call' } })).toEqual({ ok: false, problem: 'corrupt' });
  });

  it('under a new graph where the node is no longer a call: the moved notice, and the result is stale', () => {
    const session = waitingSession();
    const id = session.pending?.kind === 'call' ? session.pending.id : '';
    const changed = makeGraph(
      { ...nodes, submit: { kind: 'page', parent: 'problem', blocks: [{ kind: 'text', text: t('Submissions are closed') }], then: { kind: 'home' } } },
      { languages: [{ code: 'en', name: 'English' }], endpoints, hash: HASH_B },
    );
    const moved = step(changed, session, { kind: 'call', requestId: id, result: { ok: true, answer: { reference: 'R' } } }, { now: 4_000 });
    expect(moved.event.outcome).toBe('moved');
    expect(transcript(moved.outbound)[0]).toBe('text: This service has been updated; you are at the nearest step that still exists.');
    expect(moved.session.node).toBe('problem');
    expect(moved.session.pending).toBeUndefined();
    const late = step(changed, moved.session, { kind: 'call', requestId: id, result: { ok: true, answer: {} } }, { now: 5_000 });
    expect(late.event.outcome).toBe('stale');
    expect(late.outbound).toEqual([]);
  });

  it('under a new graph where the node is still a call: keeps waiting and takes the result', () => {
    const session = waitingSession();
    const id = session.pending?.kind === 'call' ? session.pending.id : '';
    const changed = makeGraph(nodes, { languages: [{ code: 'en', name: 'English' }], endpoints, hash: HASH_B });
    const result = step(changed, session, { kind: 'call', requestId: id, result: { ok: true, answer: { reference: 'R-9' } } }, { now: 4_000 });
    expect(result.event.outcome).toBe('called');
    expect(transcript(result.outbound)[0]).toBe('page: Reference R-9');
  });

  it('takes its result after the idle timeout, but a message after the idle timeout starts again', () => {
    const session = waitingSession();
    const id = session.pending?.kind === 'call' ? session.pending.id : '';
    const later = 3_000 + graph.settings.idleTimeoutMs + 1;
    const result = step(graph, session, { kind: 'call', requestId: id, result: { ok: true, answer: { reference: 'R-1' } } }, { now: later });
    expect(result.event.outcome).toBe('called');
    expect(transcript(result.outbound)[0]).toBe('page: Reference R-1');
    const text = step(graph, session, { kind: 'text', text: 'hello' }, { now: later });
    expect(text.event.outcome).toBe('expired');
  });

  it('a result nobody waits for changes nothing: the session stays as stored, the idle clock too', () => {
    const session = waitingSession();
    const later = 3_000 + graph.settings.idleTimeoutMs + 1;
    const stale = step(graph, session, { kind: 'call', requestId: 'submit:old', result: { ok: true, answer: { reference: 'R' } } }, { now: later });
    expect(stale.event.outcome).toBe('stale');
    expect(stale.outbound).toEqual([]);
    expect(stale.session).toEqual(session);
    expect(step(graph, stale.session, { kind: 'text', text: 'hi' }, { now: later }).event.outcome).toBe('expired');
  });

  it('a result for a citizen without a session says nothing, and their next message opens the conversation', () => {
    const orphan = step(graph, undefined, { kind: 'call', requestId: 'submit:1', result: { ok: false, reason: 'timeout' } }, { now: 1 });
    expect(orphan.event.outcome).toBe('stale');
    expect(orphan.outbound).toEqual([]);
    const next = step(graph, orphan.session, { kind: 'text', text: 'hi' }, { now: 2 });
    expect(next.event.outcome).toBe('start');
    expect(transcript(next.outbound)).toEqual(['menu: Home | 1 Complain [home/complain]']);
  });

  it('a malformed result (from a store or a host) takes the fallback rather than resetting the conversation', () => {
    for (const result of [undefined, null, { ok: true }, { ok: true, answer: [] }, { ok: 'yes', answer: {} }]) {
      const session = waitingSession();
      const id = session.pending?.kind === 'call' ? session.pending.id : '';
      const failed = step(graph, session, { kind: 'call', requestId: id, result: result as unknown as CallResult }, { now: 4_000 });
      expect(failed.event.outcome, JSON.stringify(result)).toBe('call_failed');
      expect(transcript(failed.outbound)[0]).toBe('page: Not sent');
    }
  });

  it('an answer without a `receive` field, or with an object where a text is needed, takes the fallback and keeps no earlier value', () => {
    const answers: [string, Record<string, unknown>][] = [
      ['missing', { status: 'registered' }],
      ['null', { reference: null, status: 'registered' }],
      ['an object', { reference: { id: 'R-1' } }],
      ['a list', { reference: ['R-1'] }],
    ];
    for (const [why, answer] of answers) {
      const session = waitingSession();
      const id = session.pending?.kind === 'call' ? session.pending.id : '';
      // A value left from an earlier answer must not pass for this one's.
      const failed = step(graph, { ...session, vars: { ...session.vars, ref: 'OLD-1' } }, { kind: 'call', requestId: id, result: { ok: true, answer } }, { now: 4_000 });
      expect(failed.event.outcome, why).toBe('call_failed');
      expect(failed.session.node, why).toBe('failed');
      expect(transcript(failed.outbound)[0], why).toBe('page: Not sent');
      expect(failed.session.vars['ref'], why).toBe('OLD-1');
    }
    const session = waitingSession();
    const id = session.pending?.kind === 'call' ? session.pending.id : '';
    for (const [reference, shown] of [['', ''], [42, '42'], [false, 'false']] as const) {
      const done = step(graph, session, { kind: 'call', requestId: id, result: { ok: true, answer: { reference } } }, { now: 4_000 });
      expect(done.event.outcome, String(reference)).toBe('called');
      expect(done.session.vars['ref']).toBe(shown);
    }
  });

  it('names the gap for logs and the simulator: the path and its variable, never a value', () => {
    expect(answerGap({ ref: 'reference' }, { status: 'ok' })).toEqual({ path: 'reference', variable: 'ref', problem: 'missing' });
    expect(answerGap({ ref: 'data.ref' }, { data: { ref: { x: 'secret' } } })).toEqual({ path: 'data.ref', variable: 'ref', problem: 'not_text' });
    expect(answerGap({ ref: 'reference', n: 'data.0' }, { reference: 'R', data: ['x'] })).toBeUndefined();
    expect(incompleteResult({ path: 'reference', variable: 'ref', problem: 'missing' })).toEqual({
      ok: false,
      reason: 'incomplete',
      detail: 'the answer has no "reference" (receive reference -> ref)',
    });
    expect(describeAnswerGap({ path: 'data.ref', variable: 'ref', problem: 'not_text' })).toBe('the answer has "data.ref" as an object or a list, not a text (receive data.ref -> ref)');
  });

  it('runTurn with a canned answer lacking the field: the fallback, in the same turn', async () => {
    const result = await submit({ callers: { grievances: async () => ({ ok: true, answer: { status: 'registered' } }) } });
    expect(transcript(result.outbound)[0]).toBe('page: Not sent');
    expect(result.session.node).toBe('failed');
  });

  it('never goes back to the call: back from its result page with no history goes to the node before it', () => {
    const session = waitingSession();
    const id = session.pending?.kind === 'call' ? session.pending.id : '';
    const done = step(graph, { ...session, history: [] }, { kind: 'call', requestId: id, result: { ok: true, answer: { reference: 'R' } } }, { now: 4_000 });
    const back = step(graph, done.session, { kind: 'text', text: 'back' }, { now: 5_000 });
    expect(back.session.node).toBe('problem');
    expect(back.call).toBeUndefined();
  });

  it('explain and word routes work on a graph with call nodes', () => {
    expect(explainMessage(graph, 'complaint').decision).toBe('option home.complain → problem');
  });
});

describe('answer paths', () => {
  const answer = { reference: 'A-1', data: { ref: 'D-2', count: 3, ok: true, list: [{ id: 'x' }] }, nothing: null, big: 12.5 };
  it.each([
    ['reference', 'A-1'],
    ['data.ref', 'D-2'],
    ['data.count', '3'],
    ['big', '12.5'],
    ['data.ok', 'true'],
    ['data.list', undefined],
    ['data.list.0.id', 'x'],
    ['data', undefined],
    ['nothing', undefined],
    ['missing', undefined],
    ['data.ref.deeper', undefined],
    ['data.list.01', undefined],
    ['constructor', undefined],
    ['__proto__', undefined],
    ['reference.length', undefined],
  ])('%s → %s', (path, expected) => {
    expect(answerValue(answer, path)).toBe(expected);
  });
});
