import { describe, expect, it } from 'vitest';
import { compile, memoryHost } from '@samvad/compiler';
import type { Graph } from '@samvad/runtime';
import { renderPlain } from '@samvad/terminal';
import { coverageOf } from '../src/convo/coverage.js';
import { caseSettings, parseConvo } from '../src/convo/parse.js';
import { runCase } from '../src/convo/run.js';
import type { CaseResult } from '../src/convo/run.js';
import type { CannedData } from '../src/sources/canned.js';

const FLOW = `bot shop
  languages: en "English", mr "मराठी"
  start: home

source news
  timeout: 2s

menu home
  text:
    en: "Welcome. Choose:"
    mr: "स्वागत. निवडा:"
  option info -> info
    en: "Opening hours"
    mr: "वेळ"
  option news -> news
    en: "News"
    mr: "बातम्या"
  option member -> check_member
    en: "Members"
    mr: "सभासद"

page info
  text:
    en: "Open 10 to 5."
    mr: "10 ते 5 उघडे."
  then back

goto check_member -> is_member

branch is_member
  when member == "yes" -> members
  else -> signup

page members
  text:
    en: "Hello, member."
    mr: "नमस्कार सभासद."
  then home

menu news
  text:
    en: "Latest:"
    mr: "ताजे:"
  from news into item -> info
    title: "{item.title}"
    fallback -> info

input signup
  text:
    en: "For members only. Type yes to join:"
    mr: "फक्त सभासदांसाठी. सभासद होण्यासाठी yes लिहा:"
  var: member
  expect: one of "yes"
  retries: 2 -> info
  then -> members
`;

function graph(): Graph {
  const result = compile('shop.flow', memoryHost({ 'shop.flow': FLOW }));
  if (result.graph === undefined) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.graph;
}

function run(test: string, data: CannedData = {}): CaseResult[] {
  const { convo, problems } = parseConvo('shop.convo', `flow: shop.flow\n${test}`);
  expect(problems).toEqual([]);
  const g = graph();
  return convo.cases.map((c) => runCase(c, { graph: g, settings: caseSettings(convo, c), data, render: (o, lang) => renderPlain(o, { lang }) }));
}

describe('runCase', () => {
  it('passes a conversation whose replies match', () => {
    const [result] = run(`case: hours
user: hi
bot contains: Welcome
bot options: Opening hours | News | Members
user: 1
bot contains: Open 10 to 5.
node: info
user: back
node: home`);
    expect(result?.failure).toBeUndefined();
  });

  it('reports the first failing line with a diff and the user line it answered', () => {
    const [result] = run(`case: wrong hours
user: hi
user: Opening hours
bot contains: Open 9 to 5.`);
    expect(result?.failure?.line).toBe(5);
    expect(result?.failure?.message).toBe('reply 1 does not contain "Open 9 to 5."');
    expect(result?.failure?.turn?.source).toBe('user: Opening hours');
    expect(result?.failure?.diff).toContainEqual({ op: '+', text: 'Open 10 to 5.' });
  });

  it('starts in the language and with the variables the test gives', () => {
    const [result] = run(`language: mr
vars:
  member = yes
case: a member in Marathi
user: नमस्कार
bot contains: स्वागत
user: 3
bot contains: नमस्कार सभासद.
node: members`);
    expect(result?.failure).toBeUndefined();
  });

  it('answers data sources from canned rows, and takes the fallback on a canned failure', () => {
    const rows: CannedData = { news: { ok: true, items: [{ id: 'n1', fields: { title: 'Diwali sale' } }] } };
    const [shown] = run(`case: news\nuser: hi\nuser: 2\nbot options: Diwali sale`, rows);
    expect(shown?.failure).toBeUndefined();
    const [failed] = run(`case: news down\nuser: hi\nuser: 2\nnode: info`, { news: { ok: false, reason: 'timeout' } });
    expect(failed?.failure).toBeUndefined();
  });

  it('refuses a language the bot does not speak', () => {
    const [result] = run(`case: Hindi\nlanguage: hi\nuser: hi`);
    expect(result?.failure?.message).toBe('the bot has no language `hi` (it speaks en, mr)');
  });
});

describe('coverage', () => {
  it('counts nodes visited (branches crossed included), options chosen and languages used', () => {
    const results = run(`vars:
  member = yes
case: member
user: hi
user: Members
node: members
---
case: hours
user: hi
user: 1`);
    const touched = { nodes: new Set<string>(), options: new Set<string>(), languages: new Set<string>() };
    for (const r of results) {
      for (const n of r.touched.nodes) touched.nodes.add(n);
      for (const o of r.touched.options) touched.options.add(o);
      for (const l of r.touched.languages) touched.languages.add(l);
    }
    const coverage = coverageOf('shop.flow', graph(), touched);
    expect(coverage.nodes.missed).toEqual(['news', 'signup']);
    expect(coverage.options).toEqual({ covered: 2, total: 3, missed: ['home.news'] });
    expect(coverage.languages).toEqual({ covered: 1, total: 2, missed: ['mr'] });
  });
});
