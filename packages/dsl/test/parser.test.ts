import { describe, expect, it } from 'vitest';
import type { BotDecl, BranchDecl, Decl, InputDecl, MenuDecl, PageDecl } from '../src/index.js';
import { parseOk, textAt, withoutSpans } from './helpers.js';

function only<K extends Decl['kind']>(source: string, kind: K): Extract<Decl, { kind: K }> {
  const decl = parseOk(source).decls.find((d) => d.kind === kind);
  if (!decl) throw new Error(`no ${kind}`);
  return decl as Extract<Decl, { kind: K }>;
}

describe('parser: bot header', () => {
  const source = [
    'bot jalna_mitra',
    '  languages: mr "मराठी", hi "हिंदी", en "English"',
    '  start: home',
    '  retries: 3',
    '  idle: 30m',
    '  commands:',
    '    home: "0", "menu", "मेनू"',
    '    restart: "restart"',
    '  messages:',
    '    help:',
    '      mr: "मदत"',
    '      en: "Help"',
    '    invalid:',
    '      en: "Choose one of {choices}"',
  ].join('\n');

  it('reads every clause', () => {
    const bot: BotDecl = only(source, 'bot');
    expect(bot.id.name).toBe('jalna_mitra');
    expect(bot.languages.map((l) => [l.code.name, l.name.value])).toEqual([
      ['mr', 'मराठी'], ['hi', 'हिंदी'], ['en', 'English'],
    ]);
    expect(bot.start?.name).toBe('home');
    expect(bot.retries?.value).toBe(3);
    expect(bot.idle).toMatchObject({ ms: 30 * 60_000, raw: '30m' });
    expect(bot.commands.map((c) => [c.command, c.words.map((w) => w.value)])).toEqual([
      ['home', ['0', 'menu', 'मेनू']],
      ['restart', ['restart']],
    ]);
    expect(bot.messages.map((m) => m.key.name)).toEqual(['help', 'invalid']);
    expect(withoutSpans(bot.messages[0]?.text)).toEqual({
      kind: 'translations',
      entries: [
        { lang: { name: 'mr' }, value: 'मदत', comments: [] },
        { lang: { name: 'en' }, value: 'Help', comments: [] },
      ],
    });
  });

  it('gives spans that cover what the compiler points at', () => {
    const bot = only(source, 'bot');
    expect(textAt(source, bot.id.span)).toBe('jalna_mitra');
    expect(textAt(source, bot.start!.span)).toBe('home');
    expect(textAt(source, bot.languages[1]!.name.span)).toBe('"हिंदी"');
    expect(textAt(source, bot.span).startsWith('bot jalna_mitra')).toBe(true);
    expect(textAt(source, bot.span).endsWith('"Choose one of {choices}"')).toBe(true);
  });
});

describe('parser: menu', () => {
  const source = [
    'menu home',
    '  text:',
    '    mr: "पर्याय निवडा"',
    '    en: "Choose"',
    '  option services -> departments',
    '    mr: "सेवा"',
    '    en: "Services"',
    '    description:',
    '      mr: "विभाग"',
    '      en: "Departments"',
    '    words: "seva", "सेवा"',
    '    number: 5',
    '    set topic = "services"',
    '    set seen = "yes"',
    '    language: hi',
    '  from latest_gr(department = "revenue", count = "5") into gr -> gr_detail',
    '    title: "{gr.title}"',
    '    description: "{gr.date}"',
    '    timeout: 3s',
    '    fallback -> gr_failed',
  ].join('\n');

  it('reads options with every sub-clause', () => {
    const menu: MenuDecl = only(source, 'menu');
    expect(menu.text?.kind).toBe('translations');
    const [option] = menu.options;
    expect(option?.id.name).toBe('services');
    expect(option?.target.name).toBe('departments');
    expect(option?.label.kind === 'translations' && option.label.entries.map((e) => e.value)).toEqual(['सेवा', 'Services']);
    expect(option?.description?.kind).toBe('translations');
    expect(option?.words.map((w) => w.value)).toEqual(['seva', 'सेवा']);
    expect(option?.number?.value).toBe(5);
    expect(option?.sets.map((s) => [s.variable.name, s.value.value])).toEqual([['topic', 'services'], ['seen', 'yes']]);
    expect(option?.language?.name).toBe('hi');
    expect(textAt(source, option!.target.span)).toBe('departments');
  });

  it('reads a dynamic `from` clause', () => {
    const from = only(source, 'menu').from!;
    expect(from.source.name).toBe('latest_gr');
    expect(from.params.map((p) => [p.name.name, p.value.value])).toEqual([['department', 'revenue'], ['count', '5']]);
    expect(from.into.name).toBe('gr');
    expect(from.target.name).toBe('gr_detail');
    expect(from.title).toMatchObject({ kind: 'neutral', value: '{gr.title}' });
    expect(from.timeout?.ms).toBe(3000);
    expect(from.fallback?.name).toBe('gr_failed');
    expect(textAt(source, from.fallback!.span)).toBe('gr_failed');
  });

  it('leaves a missing text to the compiler', () => {
    const menu = only('menu m\n  option a -> b\n    en: "A"', 'menu');
    expect(menu.text).toBeUndefined();
    expect(menu.options).toHaveLength(1);
  });
});

describe('parser: page', () => {
  const source = [
    'page apply',
    '  text: "{name}"',
    '  bullet:',
    '    en: "Aadhaar"',
    '  link "https://example.gov.in"',
    '    en: "Portal"',
    '  fee:',
    '    en: "₹33"',
    '  time:',
    '    en: "15 days"',
    '  then -> next_page',
  ].join('\n');

  it('keeps blocks in order and reads the way on', () => {
    const page: PageDecl = only(source, 'page');
    expect(page.blocks.map((b) => b.kind)).toEqual(['text', 'bullet', 'link', 'fee', 'time']);
    const link = page.blocks[2];
    expect(link?.kind === 'link' && link.url.value).toBe('https://example.gov.in');
    expect(page.then?.kind).toBe('next');
    expect(page.then?.kind === 'next' && textAt(source, page.then.target.span)).toBe('next_page');
  });

  it.each([
    ['then back', 'back'],
    ['then home', 'home'],
    ['then end', 'end'],
  ])('reads `%s`', (line, kind) => {
    expect(only(`page p\n  text: "1"\n  ${line}`, 'page').then?.kind).toBe(kind);
  });

  it('lets keywords be node names (`then -> end`, `menu home`)', () => {
    const page = only('page p\n  then -> end', 'page');
    expect(page.then).toMatchObject({ kind: 'next', target: { name: 'end' } });
    expect(only('menu home\n  text: "1"', 'menu').id.name).toBe('home');
  });
});

describe('parser: input', () => {
  const input = (expectation: string): InputDecl =>
    only(`input q\n  text: "?"\n  var: answer\n  expect: ${expectation}\n  retry: "!"\n  retries: 3 -> help\n  then -> done`, 'input');

  it('reads every clause', () => {
    const q = input('any');
    expect(q.variable?.name).toBe('answer');
    expect(q.retry).toMatchObject({ kind: 'neutral', value: '!' });
    expect(q.retries?.count.value).toBe(3);
    expect(q.retries?.target.name).toBe('help');
    expect(q.then?.name).toBe('done');
  });

  it.each([
    ['number', { kind: 'number' }],
    ['number 1..120', { kind: 'number', min: { value: 1 }, max: { value: 120 } }],
    ['number 18..', { kind: 'number', min: { value: 18 } }],
    ['digits', { kind: 'digits' }],
    ['digits 10', { kind: 'digits', length: { value: 10 } }],
    ['pattern "^4[0-9]{5}$"', { kind: 'pattern', pattern: { value: '^4[0-9]{5}$' } }],
    ['one of "a", "b"', { kind: 'oneOf', values: [{ value: 'a' }, { value: 'b' }] }],
    ['any', { kind: 'any' }],
  ])('reads `expect: %s`', (written, shape) => {
    expect(withoutSpans(input(written).expect)).toEqual(shape);
  });
});

describe('parser: branch', () => {
  const branch = (condition: string): BranchDecl => only(`branch b\n  when ${condition} -> yes\n  else -> no`, 'branch');
  const shape = (condition: string) => withoutSpans(branch(condition).cases[0]?.condition);

  it('reads comparisons with texts and numbers', () => {
    expect(shape('district == "Jalna"')).toEqual({ kind: 'compare', variable: { name: 'district' }, op: '==', value: { value: 'Jalna' } });
    expect(shape('age >= 18')).toEqual({ kind: 'compare', variable: { name: 'age' }, op: '>=', value: { value: 18 } });
    expect(shape('gr.title != ""')).toMatchObject({ variable: { name: 'gr.title' }, op: '!=' });
  });

  it('binds `not` tighter than `and`, and `and` tighter than `or`', () => {
    expect(shape('a or b and not c')).toEqual({
      kind: 'or',
      left: { kind: 'isSet', variable: { name: 'a' } },
      right: {
        kind: 'and',
        left: { kind: 'isSet', variable: { name: 'b' } },
        right: { kind: 'not', operand: { kind: 'isSet', variable: { name: 'c' } } },
      },
    });
  });

  it('honours parentheses', () => {
    expect(shape('(a or b) and c')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it('reads `else` and keeps when-clauses in order', () => {
    const b = only('branch b\n  when x -> one\n  when y -> two\n  else -> three', 'branch');
    expect(b.cases.map((c) => c.target.name)).toEqual(['one', 'two']);
    expect(b.otherwise?.name).toBe('three');
  });

  it('spans a condition from its variable to its value', () => {
    const source = 'branch b\n  when age < 10 -> young\n  else -> old';
    const b = only(source, 'branch');
    expect(textAt(source, b.cases[0]!.condition.span)).toBe('age < 10');
  });
});

describe('parser: goto, end, source, include', () => {
  const source = 'include "departments/revenue.flow"\ngoto alias -> home\nend bye\n  text: "🙏"\nsource gr\n  timeout: 800ms';

  it('reads each', () => {
    const ast = parseOk(source);
    expect(withoutSpans(ast.decls)).toEqual([
      { kind: 'include', path: { value: 'departments/revenue.flow' }, comments: [] },
      { kind: 'goto', id: { name: 'alias' }, target: { name: 'home' }, comments: [] },
      { kind: 'end', id: { name: 'bye' }, text: { kind: 'neutral', value: '🙏' }, comments: [] },
      { kind: 'source', id: { name: 'gr' }, timeout: { ms: 800, raw: '800ms' }, comments: [] },
    ]);
  });
});

describe('parser: strings and comments', () => {
  it('decodes escapes and """ strings', () => {
    const page = only('page p\n  text:\n    en: "say \\"hi\\" \\\\ \\n"\n    mr: """\n      one\n        two\n      """\n  then back', 'page');
    const block = page.blocks[0];
    const text = block?.kind === 'text' ? block.text : undefined;
    expect(text?.kind === 'translations' && text.entries.map((e) => e.value)).toEqual(['say "hi" \\ \n', 'one\n  two']);
    expect(text?.kind === 'translations' && text.entries[1]?.multiline).toBe(true);
  });

  it('attaches comments to the element below them and keeps the file header and the end', () => {
    const ast = parseOk('# header\n\n# about home\nmenu home\n  text:\n    # greeting\n    en: "Hi"\n  # first\n  option a -> b\n    en: "A"\n# the end\n');
    expect(ast.leadingComments).toEqual([' header']);
    const menu = ast.decls[0] as MenuDecl;
    expect(menu.comments).toEqual([' about home']);
    expect(menu.text?.kind === 'translations' && menu.text.entries[0]?.comments).toEqual([' greeting']);
    expect(menu.options[0]?.comments).toEqual([' first']);
    expect(ast.trailingComments).toEqual([' the end']);
  });
});

describe('parser: endpoint and call', () => {
  const source = [
    'endpoint grievances',
    '  url: env GRIEVANCE_URL',
    '  secret: env GRIEVANCE_SECRET',
    '  timeout: 10s',
    '  sends: department, problem, photo, latitude, longitude',
    '  answers: reference, status',
    '',
    'call submit',
    '  endpoint: grievances',
    '  send:',
    '    department: "{department}"',
    '    # the media id WhatsApp gave the photo',
    '    photo: "{photo.id}"',
    '  receive:',
    '    reference -> ref',
    '    data.status -> status',
    '  then -> submitted',
    '  fallback -> submit_failed',
  ].join('\n');

  it('reads an endpoint: environment variable names, timeout, field lists', () => {
    const endpoint = only(source, 'endpoint');
    expect(endpoint.id.name).toBe('grievances');
    expect(endpoint.urlEnv?.name).toBe('GRIEVANCE_URL');
    expect(endpoint.secretEnv?.name).toBe('GRIEVANCE_SECRET');
    expect(endpoint.timeout).toMatchObject({ ms: 10_000, raw: '10s' });
    expect(endpoint.sends.map((s) => s.name)).toEqual(['department', 'problem', 'photo', 'latitude', 'longitude']);
    expect(endpoint.answers.map((a) => a.name)).toEqual(['reference', 'status']);
    expect(textAt(source, endpoint.urlEnv!.span)).toBe('GRIEVANCE_URL');
    expect(textAt(source, endpoint.span).endsWith('answers: reference, status')).toBe(true);
  });

  it('reads a call: `endpoint:` is a clause there, not a new declaration', () => {
    const file = parseOk(source);
    expect(file.decls.map((d) => d.kind)).toEqual(['endpoint', 'call']);
    const call = only(source, 'call');
    expect(call.endpoint?.name).toBe('grievances');
    expect(call.send.map((s) => [s.field.name, s.value.value, s.comments])).toEqual([
      ['department', '{department}', []],
      ['photo', '{photo.id}', [' the media id WhatsApp gave the photo']],
    ]);
    expect(call.receive.map((r) => [r.path.value, r.variable.name])).toEqual([
      ['reference', 'ref'],
      ['data.status', 'status'],
    ]);
    expect(textAt(source, call.receive[1]!.path.span)).toBe('data.status');
    expect(call.then?.name).toBe('submitted');
    expect(call.fallback?.name).toBe('submit_failed');
  });

  it('reads a call whose clauses come in another order and leaves missing ones to the compiler', () => {
    const call = only(['call c', '  fallback -> oops', '  receive:', '    id -> ref', '  endpoint: e'].join('\n'), 'call');
    expect(call.fallback?.name).toBe('oops');
    expect(call.receive.map((r) => r.variable.name)).toEqual(['ref']);
    expect(call.endpoint?.name).toBe('e');
    expect(call.then).toBeUndefined();
    expect(call.send).toEqual([]);
  });
});

describe('parser: media and buttons on a page', () => {
  const source = [
    'page gr_detail',
    '  text:',
    '    mr: "{gr.title}"',
    '  button "{gr.url}":',
    '    mr: "GR उघडा (PDF)"',
    '    en: "Open GR (PDF)"',
    '  image "https://example.gov.in/a.jpg":',
    '    mr: "कॅप्शन"',
    '  document "https://example.gov.in/form.pdf" name "arj.pdf":',
    '    mr: "अर्जाचा नमुना"',
    '  video "https://example.gov.in/how-to.mp4":',
    '  link "https://example.gov.in"',
    '    en: "Site"',
    '  then back',
  ].join('\n');

  it('reads button, image, document (with its file name) and video blocks in order', () => {
    const page: PageDecl = only(source, 'page');
    expect(page.blocks.map((b) => b.kind)).toEqual(['text', 'button', 'media', 'media', 'media', 'link']);
    const [, button, image, document, video] = page.blocks;
    expect(button).toMatchObject({ kind: 'button', url: { value: '{gr.url}' } });
    expect(withoutSpans(button?.kind === 'button' ? button.label : undefined)).toEqual({
      kind: 'translations',
      entries: [
        { lang: { name: 'mr' }, value: 'GR उघडा (PDF)', comments: [] },
        { lang: { name: 'en' }, value: 'Open GR (PDF)', comments: [] },
      ],
    });
    expect(image).toMatchObject({ kind: 'media', mediaType: 'image', url: { value: 'https://example.gov.in/a.jpg' } });
    expect(image && 'filename' in image ? image.filename : undefined).toBeUndefined();
    expect(document).toMatchObject({ kind: 'media', mediaType: 'document', filename: { value: 'arj.pdf' } });
    expect(document?.kind === 'media' && document.caption.kind === 'translations' ? document.caption.entries.map((e) => e.value) : []).toEqual([
      'अर्जाचा नमुना',
    ]);
    expect(video).toMatchObject({ kind: 'media', mediaType: 'video', caption: { kind: 'translations', entries: [] } });
    expect(page.then).toMatchObject({ kind: 'back' });
  });

  it('takes the colon after the address as optional (as `link` writes it)', () => {
    const withColons = parseOk(source);
    const without = parseOk(source.replaceAll('":\n', '"\n'));
    expect(withoutSpans(without)).toEqual(withoutSpans(withColons));
  });

  it('spans a media block from its keyword to its last caption line', () => {
    const page = only(source, 'page');
    const document = page.blocks[3]!;
    expect(textAt(source, document.span)).toBe('document "https://example.gov.in/form.pdf" name "arj.pdf":\n    mr: "अर्जाचा नमुना"');
  });
});

describe('parser: inputs that take a photo, document, location or contact', () => {
  for (const kind of ['photo', 'document', 'location', 'contact'] as const) {
    it(`reads \`expect: ${kind}\``, () => {
      const input: InputDecl = only(['input ask', '  text:', '    en: "Send it"', `  var: ${kind}`, `  expect: ${kind}`, '  then -> next'].join('\n'), 'input');
      expect(input.expect?.kind).toBe(kind);
      expect(input.variable?.name).toBe(kind);
    });
  }

  it('keeps the new keywords usable as names (node ids, variables, option ids, receive paths)', () => {
    const file = parseOk(
      [
        'menu name',
        '  text: "x"',
        '  option document -> call',
        '    en: "Document"',
        'page call',
        '  text: "{location.latitude} {contact.name}"',
        '  then -> image',
        'goto image -> send',
        'call send',
        '  endpoint: endpoint',
        '  receive:',
        '    url -> video',
        '    name -> button',
        '  then -> name',
        '  fallback -> name',
      ].join('\n'),
    );
    expect(file.decls.map((d) => `${d.kind} ${'id' in d ? d.id.name : ''}`)).toEqual(['menu name', 'page call', 'goto image', 'call send']);
    const call = file.decls[3] as Extract<Decl, { kind: 'call' }>;
    expect(call.endpoint?.name).toBe('endpoint');
    expect(call.receive.map((r) => `${r.path.value}->${r.variable.name}`)).toEqual(['url->video', 'name->button']);
  });
});
