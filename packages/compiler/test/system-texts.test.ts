/**
 * Languages beyond mr/hi/en: every system text is overridable from `messages:` and reaches the
 * citizen through the runtime; a language without built-in texts must write all of them (FLOW3006).
 */
import { MESSAGE_KEYS, step } from '@samvad/runtime';
import type { Graph, Inbound, Outbound, Session } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { codes, compileText, only } from './support/build.js';

/** A Gujarati-only bot whose `messages:` gives every key as `GU:<key>`, plus `extra` header lines. */
function gujarati(body: string, keys: readonly string[] = MESSAGE_KEYS): string {
  const messages = keys.map((key) => `    ${key}:\n      gu: "GU:${key}"`).join('\n');
  return `bot demo\n  languages: gu "ગુજરાતી"\n  start: home\n  messages:\n${messages}\n\n${body}`;
}

const MENU = `menu home
  text: "મુખ્ય મેનૂ"
  option food -> food
    "અન્ન અને પુરવઠો"
  option identity -> identity
    "ઓળખના દસ્તાવેજો"

menu food
  text: "અન્ન અને પુરવઠો"
  option ration -> ration
    "રેશન કાર્ડ"
    words: "ration", "card"

menu identity
  text: "ઓળખના દસ્તાવેજો"
  option aadhaar -> aadhaar
    "આધાર કાર્ડ"
    words: "aadhaar", "card"

page ration
  text: "રેશન કાર્ડ"
  then back

page aadhaar
  text: "આધાર"
  then home
`;

function play(graph: Graph, ...texts: string[]): { session: Session | undefined; out: readonly Outbound[] } {
  let session: Session | undefined;
  let out: readonly Outbound[] = [];
  let now = 1_000_000;
  for (const text of texts) {
    const result = step(graph, session, { kind: 'text', text }, { now: (now += 1000) });
    session = result.session;
    out = result.outbound;
  }
  return { session, out };
}

const bodies = (out: readonly Outbound[]) => out.map((o) => (o.kind === 'menu' ? `${o.body} | ${o.options.map((x) => x.title).join(' | ')}` : o.kind === 'text' ? o.text : o.kind));

describe('system texts of a language without built-in ones', () => {
  const result = compileText(gujarati(MENU));
  const graph = result.graph as Graph;

  test('every key written under messages: is the graph text; no FLOW3006', () => {
    expect(codes(result)).not.toContain('FLOW3006');
    for (const key of MESSAGE_KEYS) expect(graph.messages[key]).toEqual({ gu: `GU:${key}` });
  });

  test("the page's prompt and buttons, the hint, too-many-retries with help, and did-you-mean all come from the flow", () => {
    expect(bodies(play(graph, 'નમસ્તે', '1', '1').out)).toEqual(['page', 'GU:what_next | GU:back_label | GU:home_label']);
    expect(bodies(play(graph, 'નમસ્તે', 'zzz').out)[0]).toMatch(/^GU:invalid/);
    const stuck = bodies(play(graph, 'નમસ્તે', 'zzz', 'yyy', 'xxx').out);
    expect(stuck).toContain('GU:too_many_retries | GU:home_label | GU:help_label');
    // (A first message in Gujarati script is not matched bot-wide yet: the matcher keys Devanagari
    // and Latin; so the citizen types the romanised word.)
    expect(bodies(play(graph, 'card').out).join('\n')).toMatch(/^GU:did_you_mean \| (રેશન કાર્ડ \| આધાર કાર્ડ|આધાર કાર્ડ \| રેશન કાર્ડ)$/m);
  });

  test('nothing the bot says is English: every reply of a dozen paths is Gujarati or a system message of the flow', () => {
    const paths: (string | Inbound)[][] = [
      ['નમસ્તે', '1', '1', '2'], // a page, its way on, home
      ['નમસ્તે', 'zzz', 'yyy', 'xxx', '2'], // hint, too many retries, help
      ['નમસ્તે', { kind: 'unsupported', what: 'image' }],
      ['નમસ્તે', 'help', 'restart', 'menu', 'back'],
      ['card', '1', '1'],
      ['નમસ્તે', '2', '1', '1'],
    ];
    const said: string[] = [];
    for (const path of paths) {
      let session: Session | undefined;
      let now = 1_000_000;
      for (const message of path) {
        const inbound: Inbound = typeof message === 'string' ? { kind: 'text', text: message } : message;
        const result = step(graph, session, inbound, { now: (now += 1000) });
        session = result.session;
        for (const o of result.outbound) {
          if (o.kind === 'text') said.push(o.text);
          if (o.kind === 'menu') said.push(o.body, ...o.options.flatMap((x) => [x.title, x.description ?? '']));
          if (o.kind === 'page') said.push(o.text, ...o.bullets, ...o.links.map((l) => l.label));
        }
      }
    }
    // An idle citizen comes back: welcome_back.
    const first = step(graph, undefined, { kind: 'text', text: 'નમસ્તે' }, { now: 1_000_000 });
    const later = step(graph, first.session, { kind: 'text', text: '1' }, { now: 1_000_000 + 2 * 60 * 60 * 1000 });
    said.push(...later.outbound.flatMap((o) => (o.kind === 'text' ? [o.text] : o.kind === 'menu' ? [o.body] : [])));
    const english = said.map((text) => text.replace(/GU:[a-z_]+/g, '')).filter((text) => /[A-Za-z]/.test(text));
    expect(english).toEqual([]);
    const used = new Set(said.flatMap((text) => text.match(/GU:[a-z_]+/g) ?? []));
    for (const key of ['what_next', 'back_label', 'home_label', 'invalid', 'too_many_retries', 'help_label', 'help', 'unsupported', 'did_you_mean', 'welcome_back']) {
      expect(used, key).toContain(`GU:${key}`);
    }
  });

  test('FLOW3006 names exactly the keys left out, once, on the language code (`call_waiting` only in a bot with a call)', () => {
    const partial = compileText(gujarati(MENU, ['invalid', 'help']));
    const diagnostic = only(partial, 'FLOW3006');
    const missing = MESSAGE_KEYS.filter((k) => k !== 'invalid' && k !== 'help' && k !== 'call_waiting');
    expect(diagnostic.message).toContain(`${missing.length} of them`);
    expect(diagnostic.notes).toEqual([`missing: ${missing.join(', ')}`]);
    for (const key of missing) expect(diagnostic.help).toContain(`    ${key}:\n      gu: "…"`);
    expect(diagnostic.help).not.toContain('    invalid:');
  });

  test('one FLOW3006 per language without built-in texts; the lines to add keep the built-in texts of the others', () => {
    const mixed = compileText(
      `bot demo\n  languages: gu "ગુજરાતી", ta "தமிழ்", en "English"\n  start: home\n\npage home\n  text:\n    gu: "માહિતી"\n    ta: "தகவல்"\n    en: "Information"\n  then home\n`,
    );
    const found = mixed.diagnostics.filter((d) => d.code === 'FLOW3006');
    expect(found.map((d) => d.message.slice(0, 4))).toEqual(['`gu`', '`ta`']);
    expect(found[0]?.help).toContain('    what_next:\n      gu: "…"\n      ta: "…"\n      en: "What next?"');
    expect(found[0]?.help).toContain('  messages:\n');
  });

  test('a bot in mr/hi/en needs none of them', () => {
    const builtIn = compileText(`bot demo\n  languages: mr "मराठी", en "English"\n  start: home\n\npage home\n  text:\n    mr: "माहिती"\n    en: "Information"\n  then home\n`);
    expect(codes(builtIn)).not.toContain('FLOW3006');
  });
});
