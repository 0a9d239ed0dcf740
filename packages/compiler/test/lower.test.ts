import { defaultMessages, GRAPH_FORMAT, validateGraph } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { bot, compileFiles, compileText, menu, page } from './support/build.js';

const flow = bot(
  `menu home
  text:
    mr: "निवडा"
    en: "Choose"
  option info -> info
    mr: "माहिती"
    en: "Information"
    words: "mahiti"
  option apply -> alias
    mr: "अर्ज"
    en: "Apply"
    number: 7
    set kind = "apply"
  option third -> bye
    mr: "तिसरा"
    en: "Third"

page info
  text: "☎ 02482-223456"
  bullet:
    mr: "आधार"
    en: "Aadhaar"
  bullet:
    mr: "रेशन कार्ड"
    en: "Ration card"
  fee:
    mr: "₹ 20"
    en: "₹ 20"
  then back

goto alias -> info

end bye
`,
  '  messages:\n    ended:\n      mr: "धन्यवाद"\n      en: "Thanks"',
);

describe('lowering', () => {
  const result = compileText(flow);
  const graph = result.graph;

  test('the example compiles without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(graph?.bot).toBe('demo');
    expect(graph?.languages).toEqual([
      { code: 'mr', name: 'मराठी' },
      { code: 'en', name: 'English' },
    ]);
  });

  test('neutral texts are copied into every language; consecutive bullets form one list', () => {
    const info = graph?.nodes.info;
    expect(info?.kind).toBe('page');
    if (info?.kind !== 'page') return;
    expect(info.blocks[0]).toEqual({ kind: 'text', text: { mr: '☎ 02482-223456', en: '☎ 02482-223456' } });
    expect(info.blocks[1]).toEqual({ kind: 'bullets', items: [{ mr: 'आधार', en: 'Aadhaar' }, { mr: 'रेशन कार्ड', en: 'Ration card' }] });
    expect(info.then).toEqual({ kind: 'back' });
  });

  test('options are numbered by position unless fixed; `set` and words are kept', () => {
    const home = graph?.nodes.home;
    if (home?.kind !== 'menu') throw new Error('home is not a menu');
    expect(home.options.map((o) => [o.id, o.number])).toEqual([
      ['info', 1],
      ['apply', 7],
      ['third', 3],
    ]);
    expect(home.options[0]?.words).toEqual(['mahiti']);
    expect(home.options[1]?.set).toEqual({ kind: 'apply' });
  });

  test('goto becomes a branch without cases', () => {
    expect(graph?.nodes.alias).toEqual({ kind: 'branch', cases: [], otherwise: 'info', parent: 'home' });
  });

  test('parent is the node that first reaches a node breadth-first from start', () => {
    expect(graph?.nodes.home?.parent).toBeUndefined();
    expect(graph?.nodes.info?.parent).toBe('home');
    expect(graph?.nodes.bye?.parent).toBe('home');
  });

  test('messages are the runtime defaults for the bot languages, overridden by `messages:`', () => {
    expect(graph?.messages.ended).toEqual({ mr: 'धन्यवाद', en: 'Thanks' });
    expect(graph?.messages.invalid).toEqual({ mr: defaultMessages.invalid.mr, en: defaultMessages.invalid.en });
  });

  test('commands: built-in words when the bot declares none, the declared words otherwise', () => {
    expect(graph?.commands.home).toContain('0');
    expect(graph?.commands.back).toContain('मागे');
    const declared = compileText(bot(menu('home', [['a', 'info', 'अ', 'A']]) + page('info'), '  commands:\n    home: "0", "घर"'));
    expect(declared.graph?.commands.home).toEqual(['0', 'घर']);
    expect(declared.graph?.commands.back).toContain('#');
  });

  test('settings default to 3 retries and 30 minutes idle', () => {
    expect(graph?.settings).toEqual({ retries: 3, idleTimeoutMs: 30 * 60 * 1000 });
  });

  test('sourceMap gives file, line and column of each definition, relative to the root folder', () => {
    const split = compileFiles(
      { 'flows/main.flow': `include "dept/info.flow"\n${bot(menu('home', [['a', 'info', 'अ', 'A']]))}`, 'flows/dept/info.flow': `\n${page('info')}` },
      'flows/main.flow',
    );
    expect(split.graph?.sourceMap.info).toEqual({ file: 'dept/info.flow', line: 2, column: 6 });
    expect(split.graph?.sourceMap.home).toEqual({ file: 'main.flow', line: 6, column: 6 });
  });

  test('an input lowers with its validation, retries and targets', () => {
    const input = compileText(
      bot(
        menu('home', [['a', 'ask', 'अ', 'A']]) +
          'input ask\n  text:\n    mr: "वय?"\n    en: "Age?"\n  var: age\n  expect: number 18..100\n  retry:\n    mr: "पुन्हा"\n    en: "Again"\n  retries: 2 -> home\n  then -> home\n',
      ),
    );
    expect(input.graph?.nodes.ask).toMatchObject({
      kind: 'input',
      variable: 'age',
      validate: { kind: 'number', min: 18, max: 100 },
      retry: { mr: 'पुन्हा', en: 'Again' },
      retries: 2,
      onFail: 'home',
      next: 'home',
    });
  });

  test('a bot without endpoints has `endpoints: {}` and format 2', () => {
    expect(GRAPH_FORMAT).toBe(2);
    expect(graph?.format).toBe(2);
    expect(graph?.endpoints).toEqual({});
  });
});

describe('lowering endpoints, calls, media, buttons and the new inputs (graph format 2)', () => {
  const flow = bot(
    `endpoint grievances
  url: env GRIEVANCE_URL
  secret: env GRIEVANCE_SECRET
  sends: problem, photo, latitude
  answers: reference, data

endpoint slow
  url: env SLOW_URL
  secret: env SLOW_SECRET
  timeout: 30s
  sends: problem
  answers: status

menu home
  text:
    mr: "निवडा"
    en: "Choose"
  option report -> photo_in
    mr: "तक्रार"
    en: "Report"
    set problem = "pothole"
  option gr -> gr_detail
    mr: "शासन निर्णय"
    en: "GR"

input photo_in
  text:
    mr: "फोटो पाठवा"
    en: "Send a photo"
  var: photo
  expect: photo
  retries: 3 -> home
  then -> place_in

input place_in
  text:
    mr: "ठिकाण पाठवा"
    en: "Send the place"
  var: place
  expect: location
  retries: 3 -> home
  then -> submit

call submit
  endpoint: grievances
  send:
    problem: "{problem}"
    photo: "{photo.id}"
    latitude: "{place.latitude}"
  receive:
    reference -> ref
    data.office -> office
  then -> done
  fallback -> failed

call check
  endpoint: slow
  send:
    problem: "{problem}"
  receive:
    status -> status
  then -> done
  fallback -> failed

page done
  text:
    mr: "क्रमांक {ref} ({office})"
    en: "Number {ref} ({office})"
  then home

page failed
  text:
    mr: "पाठवता आले नाही"
    en: "Could not send"
  then -> check

page gr_detail
  text:
    mr: "नवीन शासन निर्णय"
    en: "The latest GR"
  button "https://gr.maharashtra.gov.in/a.pdf":
    mr: "GR उघडा (PDF)"
    en: "Open GR (PDF)"
  image "https://jalna.gov.in/a.jpg":
    mr: "कॅप्शन"
    en: "Caption"
  document "https://jalna.gov.in/form.pdf" name "arj.pdf":
    mr: "अर्जाचा नमुना"
    en: "Application form"
  video "https://jalna.gov.in/how.mp4":
  then back
`,
  );
  const result = compileText(flow);
  const graph = result.graph;

  test('compiles without diagnostics into a graph the runtime accepts', () => {
    expect(result.diagnostics).toEqual([]);
    expect(validateGraph(JSON.parse(JSON.stringify(graph))).ok).toBe(true);
  });

  test('endpoints keep their environment names, fields in order, and a default timeout of 10 s', () => {
    expect(graph?.endpoints).toEqual({
      grievances: { urlEnv: 'GRIEVANCE_URL', secretEnv: 'GRIEVANCE_SECRET', timeoutMs: 10_000, sends: ['problem', 'photo', 'latitude'], answers: ['reference', 'data'] },
      slow: { urlEnv: 'SLOW_URL', secretEnv: 'SLOW_SECRET', timeoutMs: 30_000, sends: ['problem'], answers: ['status'] },
    });
  });

  test('a call lowers to its endpoint, send templates, receive variable → path, next and fallback', () => {
    expect(graph?.nodes.submit).toEqual({
      kind: 'call',
      endpoint: 'grievances',
      send: { latitude: '{place.latitude}', photo: '{photo.id}', problem: '{problem}' },
      receive: { office: 'data.office', ref: 'reference' },
      next: 'done',
      fallback: 'failed',
      parent: 'place_in',
    });
  });

  test('photo and location inputs keep their expectation', () => {
    expect(graph?.nodes.photo_in).toMatchObject({ kind: 'input', variable: 'photo', validate: { kind: 'photo' } });
    expect(graph?.nodes.place_in).toMatchObject({ kind: 'input', variable: 'place', validate: { kind: 'location' } });
  });

  test('buttons and media blocks keep their order; a media block without lines has no caption', () => {
    const detail = graph?.nodes.gr_detail;
    if (detail?.kind !== 'page') throw new Error('gr_detail is not a page');
    expect(detail.blocks.slice(1)).toEqual([
      { kind: 'button', url: 'https://gr.maharashtra.gov.in/a.pdf', label: { mr: 'GR उघडा (PDF)', en: 'Open GR (PDF)' } },
      { kind: 'media', mediaType: 'image', url: 'https://jalna.gov.in/a.jpg', caption: { mr: 'कॅप्शन', en: 'Caption' } },
      { kind: 'media', mediaType: 'document', url: 'https://jalna.gov.in/form.pdf', filename: 'arj.pdf', caption: { mr: 'अर्जाचा नमुना', en: 'Application form' } },
      { kind: 'media', mediaType: 'video', url: 'https://jalna.gov.in/how.mp4' },
    ]);
  });

  test('endpoints, calls, buttons and media are built with their keys in sorted order (emitting trusts it)', () => {
    const inOrder = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(inOrder);
      if (value === null || typeof value !== 'object') return value !== undefined;
      const keys = Object.keys(value);
      return keys.join('\u0000') === [...keys].sort().join('\u0000') && Object.values(value).every(inOrder);
    };
    expect(inOrder(graph?.endpoints)).toBe(true);
    expect(inOrder(graph?.nodes.submit)).toBe(true);
    expect(inOrder(graph?.nodes.gr_detail)).toBe(true);
  });

  test('the graph has call_waiting in every language of the bot', () => {
    expect(graph?.messages.call_waiting).toEqual({ mr: defaultMessages.call_waiting.mr, en: defaultMessages.call_waiting.en });
  });
});
