import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import type { StepResult } from '../src/engine/step-types.js';
import type { GraphNode, GraphOption } from '../src/graph/types.js';
import type { Session } from '../src/session/session.js';
import { makeGraph, t } from './helpers/graph.js';

const option = (id: string, target: string, words: string[] = []): GraphOption => ({
  id,
  number: 0,
  label: t(id),
  words,
  target,
});
const menu = (text: string, options: GraphOption[], parent?: string): GraphNode => ({
  kind: 'menu',
  text: t(text),
  options: options.map((o, i) => ({ ...o, number: i + 1 })),
  ...(parent === undefined ? {} : { parent }),
});
const page = (text: string, parent: string): GraphNode => ({
  kind: 'page',
  blocks: [{ kind: 'text', text: t(text) }],
  then: { kind: 'back' },
  parent,
});

// home → departments → revenue → income/caste pages; passport is a department with two services
// that share the word "passport".
const graph = makeGraph({
  home: menu('Welcome', [option('services', 'departments', ['income', 'seva'])]),
  departments: menu('Departments', [option('revenue', 'revenue', ['income']), option('passport', 'passport')], 'home'),
  revenue: menu('Revenue', [option('income', 'income_page', ['utpanna', 'उत्पन्न']), option('caste', 'caste_page', ['jaat'])], 'departments'),
  passport: menu('Passport', [option('fresh', 'fresh_page', ['passport']), option('renew', 'renew_page', ['passport'])], 'departments'),
  income_page: page('Income certificate', 'revenue'),
  caste_page: page('Caste certificate', 'revenue'),
  fresh_page: page('New passport', 'passport'),
  renew_page: page('Renew passport', 'passport'),
});

function play(lines: readonly string[]): StepResult {
  let session: Session | undefined;
  let result: StepResult | undefined;
  let now = 1_000;
  for (const text of ['hi', ...lines]) {
    result = step(graph, session, { kind: 'text', text }, { now: (now += 1_000) });
    session = result.session;
  }
  if (result === undefined) throw new Error('no step');
  return result;
}

describe('bot-wide words', () => {
  it('a service word typed at the welcome menu opens that service, not the menu that merely lists it', () => {
    const result = play(['उत्पन्न']);
    expect(result.event).toMatchObject({ node: 'income_page', matchedBy: 'word', chosen: 'revenue.income' });
    expect(JSON.stringify(result.outbound)).toContain('Income certificate');
  });

  it('prefers the deepest option carrying a word over a synonym on the current menu', () => {
    expect(play(['income']).event.node).toBe('income_page');
  });

  it('works from a page in another branch, and back returns to the service menu, then to where the citizen was', () => {
    const there = play(['1', '1', 'jaat', 'utpanna']);
    expect(there.event.node).toBe('income_page');
    let session = there.session;
    const back = step(graph, session, { kind: 'text', text: 'back' }, { now: 99_000 });
    expect(back.event.node).toBe('revenue');
    session = back.session;
    expect(step(graph, session, { kind: 'text', text: 'back' }, { now: 99_500 }).event.node).toBe('caste_page');
  });

  it('a word shared by equally specific options opens their menu so the citizen can pick', () => {
    expect(play(['passport']).event).toMatchObject({ node: 'passport', matchedBy: 'word' });
  });

  it('numbers keep their meaning on the current menu', () => {
    expect(play(['1']).event).toMatchObject({ node: 'departments', matchedBy: 'number', chosen: 'home.services' });
  });
});
