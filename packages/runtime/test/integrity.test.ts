/**
 * A graph that matches the schema but points at nodes that do not exist is refused by
 * `validateGraph` / `loadGraph`, naming the JSON pointer and the missing id.
 */
import { describe, expect, it } from 'vitest';
import { checkIntegrity } from '../src/graph/integrity.js';
import { loadGraph, validateGraph } from '../src/graph/validate.js';
import type { Graph, GraphNode } from '../src/graph/types.js';
import { makeGraph, t } from './helpers/graph.js';

const nodes: Record<string, GraphNode> = {
  home: {
    kind: 'menu',
    text: t('Welcome'),
    options: [
      { id: 'info', number: 1, label: t('Info'), words: [], target: 'info' },
      { id: 'ask', number: 2, label: t('Ask'), words: [], target: 'ask' },
      { id: 'gr', number: 3, label: t('GRs'), words: [], target: 'gr' },
    ],
  },
  info: { kind: 'page', parent: 'home', blocks: [{ kind: 'bullets', items: [t('Aadhaar')] }], then: { kind: 'next', target: 'check' } },
  ask: {
    kind: 'input',
    parent: 'home',
    text: t('Age?'),
    variable: 'age',
    validate: { kind: 'number' },
    retry: t('A number please'),
    retries: 2,
    onFail: 'home',
    next: 'check',
  },
  check: { kind: 'branch', parent: 'info', cases: [{ when: { kind: 'isSet', variable: 'age' }, target: 'bye' }], otherwise: 'home' },
  gr: {
    kind: 'menu',
    parent: 'home',
    text: t('Latest'),
    options: [],
    dynamic: { source: 'gr', params: {}, into: 'g', title: t('{g.title}'), target: 'bye', timeoutMs: 1000, fallback: 'home' },
  },
  bye: { kind: 'end', parent: 'check', text: t('Bye') },
};
const good = makeGraph(nodes, { sources: { gr: { timeoutMs: 1000 } } });

/** A deep copy of `good` changed by `edit`. */
function broken(edit: (graph: { -readonly [K in keyof Graph]: any }) => void): unknown {
  const copy = JSON.parse(JSON.stringify(good)) as { -readonly [K in keyof Graph]: any };
  edit(copy);
  return copy;
}

function errorsOf(value: unknown): readonly string[] {
  const result = validateGraph(value);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('graph integrity', () => {
  it('accepts a graph whose every reference resolves', () => {
    expect(checkIntegrity(good)).toEqual([]);
    expect(validateGraph(good).ok).toBe(true);
  });

  it('refuses a start node that does not exist', () => {
    expect(errorsOf(broken((g) => (g.start = 'nowhere')))).toEqual(['/start: no node "nowhere"']);
  });

  it('names the pointer of every dangling target, fallback, then, onFail, next, case, otherwise and parent', () => {
    const errors = errorsOf(
      broken((g) => {
        g.nodes.home.options[2].target = 'nowhere';
        g.nodes.info.then.target = 'gone';
        g.nodes.ask.onFail = 'x1';
        g.nodes.ask.next = 'x2';
        g.nodes.check.cases[0].target = 'x3';
        g.nodes.check.otherwise = 'x4';
        g.nodes.gr.dynamic.target = 'x5';
        g.nodes.gr.dynamic.fallback = 'x6';
        g.nodes.bye.parent = 'x7';
      }),
    );
    expect(errors).toEqual([
      '/nodes/home/options/2/target: no node "nowhere"',
      '/nodes/info/then/target: no node "gone"',
      '/nodes/ask/onFail: no node "x1"',
      '/nodes/ask/next: no node "x2"',
      '/nodes/check/cases/0/target: no node "x3"',
      '/nodes/check/otherwise: no node "x4"',
      '/nodes/gr/dynamic/target: no node "x5"',
      '/nodes/gr/dynamic/fallback: no node "x6"',
      '/nodes/bye/parent: no node "x7"',
    ]);
  });

  it('refuses reply ids and numbers used twice in a menu, and an undeclared language', () => {
    const errors = errorsOf(
      broken((g) => {
        g.nodes.home.options[1].id = 'info';
        g.nodes.home.options[2].number = 1;
        g.nodes.home.options[0].language = 'fr';
      }),
    );
    expect(errors).toEqual([
      '/nodes/home/options/0/language: language "fr" is not declared',
      '/nodes/home/options/1/id: option id "info" is used twice in this menu (reply ids must be unique)',
      '/nodes/home/options/2/number: option number 1 is used twice in this menu',
    ]);
  });

  it('refuses a text missing in a declared language (node texts, labels, bullets, messages)', () => {
    const errors = errorsOf(
      broken((g) => {
        delete g.nodes.home.text.hi;
        delete g.nodes.info.blocks[0].items[0].en;
        delete g.messages.ended.mr;
      }),
    );
    expect(errors).toEqual([
      '/messages/ended: no "mr" text (every declared language needs one)',
      '/nodes/home/text: no "hi" text (every declared language needs one)',
      '/nodes/info/blocks/0/items/0: no "en" text (every declared language needs one)',
    ]);
  });

  it('caps the errors like schema errors and counts the rest', () => {
    const errors = errorsOf(
      broken((g) => {
        for (let i = 0; i < 30; i++) g.nodes[`n${i}`] = { kind: 'branch', cases: [], otherwise: `missing${i}` };
      }),
    );
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('… and 10 more errors');
  });

  describe('format 2: endpoints, calls, buttons and media', () => {
    const withCall = makeGraph(
      {
        ...nodes,
        info: {
          kind: 'page',
          parent: 'home',
          blocks: [
            { kind: 'button', url: 'https://a.in/gr.pdf', label: t('Open GR') },
            { kind: 'media', mediaType: 'document', url: 'https://a.in/f.pdf', filename: 'f.pdf', caption: t('Form') },
            { kind: 'media', mediaType: 'video', url: 'https://a.in/v.mp4' },
          ],
          then: { kind: 'next', target: 'submit' },
        },
        submit: { kind: 'call', parent: 'info', endpoint: 'desk', send: { problem: '{p}', photo: '{ph.id}' }, receive: { ref: 'reference', office: 'data.office' }, next: 'bye', fallback: 'home' },
      },
      {
        sources: { gr: { timeoutMs: 1000 } },
        endpoints: { desk: { urlEnv: 'DESK_URL', secretEnv: 'DESK_SECRET', timeoutMs: 10_000, sends: ['problem', 'photo'], answers: ['reference', 'data'] } },
      },
    );
    const edited = (edit: (graph: { -readonly [K in keyof Graph]: any }) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(withCall)) as { -readonly [K in keyof Graph]: any };
      edit(copy);
      return copy;
    };

    it('accepts calls, buttons and media whose references resolve', () => {
      expect(checkIntegrity(withCall)).toEqual([]);
      expect(validateGraph(withCall).ok).toBe(true);
    });

    it('refuses a call to an undeclared endpoint, or with dangling next / fallback', () => {
      const errors = errorsOf(
        edited((g) => {
          g.nodes.submit.endpoint = 'nowhere';
          g.nodes.submit.next = 'x1';
          g.nodes.submit.fallback = 'x2';
        }),
      );
      expect(errors).toEqual(['/nodes/submit/endpoint: no endpoint "nowhere"', '/nodes/submit/next: no node "x1"', '/nodes/submit/fallback: no node "x2"']);
    });

    it("refuses fields the endpoint does not take or answer, and a field it takes that is not sent", () => {
      const errors = errorsOf(
        edited((g) => {
          delete g.nodes.submit.send.photo;
          g.nodes.submit.send.colour = 'red';
          g.nodes.submit.receive.status = 'status.code';
        }),
      );
      expect(errors).toEqual([
        '/nodes/submit/send: endpoint "desk" takes field "photo", which is not sent',
        '/nodes/submit/send/colour: endpoint "desk" takes no field "colour"',
        '/nodes/submit/receive/status: endpoint "desk" answers no field "status"',
      ]);
    });

    it('refuses a button label or caption missing a language, and an endpoint whose variable is no environment name', () => {
      const errors = errorsOf(
        edited((g) => {
          delete g.nodes.info.blocks[0].label.hi;
          delete g.nodes.info.blocks[1].caption.mr;
        }),
      );
      expect(errors).toEqual([
        '/nodes/info/blocks/0/label: no "hi" text (every declared language needs one)',
        '/nodes/info/blocks/1/caption: no "mr" text (every declared language needs one)',
      ]);
      expect(errorsOf(edited((g) => (g.endpoints.desk.urlEnv = 'desk url')))).toEqual(['/endpoints/desk/urlEnv: must match pattern "^[A-Z_][A-Z0-9_]*$"']);
    });

    it('a graph without `endpoints` is refused by the schema', () => {
      expect(errorsOf(edited((g) => delete g.endpoints))).toEqual(['/: missing required property "endpoints"']);
    });
  });

  it('loadGraph (validate, serve, every reload) checks integrity too', () => {
    const result = loadGraph(JSON.stringify(broken((g) => (g.start = 'nowhere'))));
    expect(result).toEqual({ ok: false, errors: ['/start: no node "nowhere"'] });
  });

  it('a JSON parse error names the place, never the text (which may not be a graph at all)', () => {
    const result = loadGraph('WHATSAPP_ACCESS_TOKEN=secret-value\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(['the graph is not valid JSON (it is not JSON text)']);
      expect(result.errors.join()).not.toContain('secret');
    }
    const later = loadGraph('{"format": 1,\n secret}');
    expect(later.ok ? [] : later.errors).toEqual(['the graph is not valid JSON (at line 2, column 2)']);
  });
});
