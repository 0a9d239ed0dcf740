import { describe, expect, it } from 'vitest';
import { runTurn } from '../src/engine/run-turn.js';
import type { DataSourceProvider } from '../src/engine/types.js';
import type { Session } from '../src/session/session.js';
import { makeGraph, t } from './helpers/graph.js';
import { transcript } from './helpers/transcript.js';

const graph = makeGraph(
  {
    home: {
      kind: 'menu',
      text: t('Home'),
      options: [{ id: 'gr', number: 1, label: t('GRs'), words: [], target: 'gr_list' }],
    },
    gr_list: {
      kind: 'menu',
      text: t('Latest GRs'),
      options: [],
      dynamic: {
        source: 'gr',
        params: { q: '{topic}' },
        into: 'gr',
        title: t('{gr.title}'),
        target: 'gr_one',
        timeoutMs: 50,
        fallback: 'offline',
      },
    },
    gr_one: { kind: 'page', blocks: [{ kind: 'text', text: t('{gr.title}') }], then: { kind: 'back' } },
    offline: { kind: 'page', blocks: [{ kind: 'text', text: t('See the GR website') }], then: { kind: 'home' } },
  },
  { languages: [{ code: 'en', name: 'English' }] },
);

async function chooseGrs(providers: Record<string, DataSourceProvider>): Promise<string[]> {
  const first = await runTurn(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1, providers });
  const session: Session = first.session;
  const second = await runTurn(graph, session, { kind: 'text', text: '1' }, { now: 2, providers });
  return transcript(second.outbound);
}

describe('runTurn', () => {
  it('calls the provider with interpolated params and shows its rows', async () => {
    const calls: Record<string, string>[] = [];
    const lines = await chooseGrs({
      gr: async (params) => {
        calls.push({ ...params });
        return [{ id: '1', fields: { title: 'Crop aid' } }];
      },
    });
    expect(calls).toEqual([{ q: '' }]);
    expect(lines).toEqual(['menu: Latest GRs | 1 Crop aid [gr_list/item:1]']);
  });

  it('a provider that throws leads to source_failed and the fallback', async () => {
    const lines = await chooseGrs({
      gr: async () => {
        throw new Error('HTTP 503');
      },
    });
    expect(lines[0]).toBe("text: Sorry, this information couldn't be fetched right now. Please try again later.");
    expect(lines[1]).toBe('page: See the GR website');
  });

  it('a provider slower than the timeout is aborted and the fallback taken', async () => {
    let aborted = false;
    const lines = await chooseGrs({
      gr: (_params, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    });
    expect(aborted).toBe(true);
    expect(lines[1]).toBe('page: See the GR website');
  });

  it('a missing provider is a failure, not a crash', async () => {
    const lines = await chooseGrs({});
    expect(lines[1]).toBe('page: See the GR website');
  });
});
