/** Checks of endpoints, calls, media and button blocks, and of the variables they bind and use. */
import { describe, expect, test } from 'vitest';
import { bot, codes, compileText, only, textAt } from './support/build.js';

const endpoint = (extra = '') =>
  `endpoint grievances\n  url: env GRIEVANCE_URL\n  secret: env GRIEVANCE_SECRET\n  sends: problem\n  answers: reference\n${extra}\n`;
const home = (target: string) => `menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option go -> ${target}\n    mr: "पुढे"\n    en: "Next"\n    set problem = "pothole"\n\n`;
const call = (then = 'done', fallback = 'failed', send = '    problem: "{problem}"', receive = '    reference -> ref') =>
  `call submit\n  endpoint: grievances\n  send:\n${send}\n  receive:\n${receive}\n  then -> ${then}\n  fallback -> ${fallback}\n\n`;
const shown = (id: string, mr: string, en: string, then = 'then home') => `page ${id}\n  text:\n    mr: "${mr}"\n    en: "${en}"\n  ${then}\n\n`;
const ok = shown('done', 'क्रमांक {ref}', 'Number {ref}') + shown('failed', 'पाठवता आले नाही', 'Could not send');

/** A page with `blocks` after its text. */
const pageWith = (blocks: string) => home('media') + `page media\n  text:\n    mr: "माहिती"\n    en: "Information"\n${blocks}  then back\n\n`;

describe('calls', () => {
  test('a call whose receive sets what its `then` page shows compiles cleanly', () => {
    expect(compileText(bot(endpoint() + home('submit') + call() + ok)).diagnostics).toEqual([]);
  });

  test('a variable used in `send:` must be set on the way to the call', () => {
    const result = compileText(bot(endpoint() + home('submit') + call('done', 'failed', '    problem: "{problm}"') + ok));
    const d = only(result, 'FLOW7001');
    expect(textAt(result, d.span)).toBe('{problm}');
    expect(d.help).toBe('did you mean `{problem}`?');
  });

  test('calls looping through their fallbacks without the citizen are FLOW4006', () => {
    const looping = endpoint() + home('submit') + call('done', 'retry') + 'goto retry -> submit\n\n' + shown('done', '{ref}', '{ref}');
    expect(codes(compileText(bot(looping)))).toContain('FLOW4006');
  });

  test('a call nothing leads to is unreachable (FLOW4001)', () => {
    const flow = bot(endpoint() + home('done') + call() + ok);
    const result = compileText(flow);
    expect(result.diagnostics.filter((d) => d.code === 'FLOW4001').map((d) => d.message)).toEqual([
      'call `submit` can never be reached from `home`',
      'page `failed` can never be reached from `home`',
    ]);
  });

  test('an endpoint timeout of zero is FLOW7007; a call without `endpoint:` or `then` is FLOW4007', () => {
    const zero = compileText(bot(endpoint('  timeout: 0s') + home('submit') + call() + ok));
    expect(only(zero, 'FLOW7007').message).toBe('a timeout of 0s never lets endpoint `grievances` answer');
    const bare = compileText(bot(endpoint() + home('submit') + 'call submit\n  send:\n    problem: "x"\n  fallback -> failed\n\n' + ok));
    expect(bare.diagnostics.filter((d) => d.code === 'FLOW4007').map((d) => d.message)).toEqual([
      'call `submit` has no `endpoint:`',
      'call `submit` does not say where to go when it succeeds',
    ]);
  });

  test('a call that sends a field twice, or receives a variable twice, is FLOW7010', () => {
    const twice = compileText(bot(endpoint() + home('submit') + call('done', 'failed', '    problem: "{problem}"\n    problem: "again"', '    reference -> ref\n    reference -> ref') + ok));
    expect(twice.diagnostics.filter((d) => d.code === 'FLOW7010').map((d) => d.message)).toEqual([
      'call `submit` sends `problem` twice',
      'call `submit` receives `ref` twice',
    ]);
  });

  test('`call_waiting` must be written for a language without built-in texts only when the bot has a call', () => {
    const gujarati = (body: string) => `bot demo\n  languages: gu "ગુજરાતી", en "English"\n  start: home\n\n${body}`;
    const noCall = compileText(gujarati(home('done') + shown('done', 'x', 'y').replace(/mr:/g, 'gu:')));
    const withCall = compileText(gujarati(endpoint() + home('submit') + call() + ok.replace(/mr:/g, 'gu:')));
    const notes = (r: typeof noCall) => r.diagnostics.filter((d) => d.code === 'FLOW3006').flatMap((d) => d.notes);
    expect(notes(noCall).join()).not.toContain('call_waiting');
    expect(notes(withCall).join()).toContain('call_waiting');
  });
});

describe('media and location answers', () => {
  const input = (variable: string, expect: string, then: string) =>
    `input ask\n  text:\n    mr: "पाठवा"\n    en: "Send"\n  var: ${variable}\n  expect: ${expect}\n  retries: 3 -> home\n  then -> ${then}\n\n`;

  test.each([
    ['photo', 'photo', ['photo', 'photo.id', 'photo.mime', 'photo.caption', 'photo.path']],
    ['document', 'doc', ['doc', 'doc.id', 'doc.mime', 'doc.caption', 'doc.filename', 'doc.path']],
    ['location', 'place', ['place', 'place.latitude', 'place.longitude', 'place.name', 'place.address']],
    ['contact', 'person', ['person', 'person.name', 'person.phone']],
  ] as const)('`expect: %s` binds the variable and its parts', (kind, variable, names) => {
    const text = names.map((n) => `{${n}}`).join(' ');
    const flow = bot(home('ask') + input(variable, kind, 'shown') + shown('shown', text, text));
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('a part another kind of answer has is FLOW7001, with what the input binds', () => {
    const flow = bot(home('ask') + input('doc', 'document', 'shown') + shown('shown', '{doc.phone}', '{doc.phone}'));
    expect(only(compileText(flow), 'FLOW7001').help).toBe(
      'input `ask` (`expect: document`) binds `{doc}`, `{doc.id}`, `{doc.mime}`, `{doc.caption}`, `{doc.filename}`, `{doc.path}`; `phone` comes with `expect: contact`',
    );
  });

  test('a text answer binds only its variable', () => {
    const flow = bot(home('ask') + input('name', 'any', 'shown') + shown('shown', '{name.id}', '{name.id}'));
    expect(codes(compileText(flow))).toEqual(['FLOW7001']);
  });
});

describe('media and button blocks', () => {
  test('addresses that start with a `{var}`, or https addresses with one, are left to the renderer', () => {
    const blocks = '  button "{link}":\n    mr: "उघडा"\n    en: "Open"\n  image "https://jalna.gov.in/{file}.jpg":\n';
    const flow = bot(home('media').replace('set problem = "pothole"', 'set link = "https://a.in"\n    set file = "x"') + pageWith(blocks).slice(home('media').length));
    expect(compileText(flow).diagnostics).toEqual([]);
  });

  test('a `{var}` in an address is a use: never set, it is FLOW7001', () => {
    const flow = bot(pageWith('  video "{clip}":\n'));
    const result = compileText(flow);
    expect(textAt(result, only(result, 'FLOW7001').span)).toBe('{clip}');
  });

  test('an http address gets a fix to https', () => {
    const result = compileText(bot(pageWith('  video "http://jalna.gov.in/how.mp4":\n')));
    expect(only(result, 'FLOW7005').fix).toMatchObject({ replacement: '"https://jalna.gov.in/how.mp4"' });
  });

  test('captions and button labels are texts: every language, no other', () => {
    const result = compileText(bot(pageWith('  button "https://a.in":\n    mr: "उघडा"\n  image "https://a.in/x.png":\n    mr: "चित्र"\n    en: "Picture"\n    hi: "चित्र"\n')));
    expect(codes(result)).toEqual(['FLOW3001', 'FLOW3003']);
    expect(result.diagnostics[0]?.message).toBe('the button label of `media` has no `en` translation');
  });

  test('a media block without caption lines has no caption to translate', () => {
    expect(compileText(bot(pageWith('  image "https://a.in/x.png":\n'))).diagnostics).toEqual([]);
  });

  test('a label of exactly 20 characters and a caption of exactly 1024 fit; one more does not', () => {
    const fits = compileText(bot(pageWith(`  button "https://a.in":\n    mr: "${'अ'.repeat(20)}"\n    en: "${'a'.repeat(20)}"\n  image "https://a.in/x.png":\n    mr: "${'क'.repeat(1024)}"\n    en: "${'c'.repeat(1024)}"\n`)));
    expect(fits.diagnostics).toEqual([]);
    const over = compileText(bot(pageWith(`  button "https://a.in":\n    mr: "${'अ'.repeat(21)}"\n    en: "${'a'.repeat(20)}"\n  image "https://a.in/x.png":\n    mr: "${'क'.repeat(1024)}"\n    en: "${'c'.repeat(1025)}"\n`)));
    expect(over.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['FLOW6008', 'the mr label of a button of `media` has 21 characters; WhatsApp shows at most 20'],
      ['FLOW6007', 'the en caption of an image of `media` has 1025 characters; WhatsApp allows 1024'],
    ]);
  });

  test('captions and buttons are separate messages: they do not count towards the page text limit', () => {
    const long = 'क'.repeat(1000);
    const captions = Array.from({ length: 5 }, () => `  image "https://a.in/x.png":\n    mr: "${long}"\n    en: "${long}"\n`).join('');
    expect(compileText(bot(pageWith(captions))).diagnostics).toEqual([]);
  });

  test('an image address ending in .mp4 or .webp warns; JPEG, PNG, MP4, addresses without an extension and documents do not', () => {
    const result = compileText(
      bot(
        pageWith(
          '  image "https://a.in/clip.mp4":\n  image "https://a.in/logo.webp":\n  image "https://a.in/a.JPG?v=2":\n  image "https://a.in/photo":\n' +
            '  video "https://a.in/how.mp4":\n  document "https://a.in/photo.jpg":\n',
        ),
      ),
    );
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['FLOW7013', 'this image address ends in `.mp4`, which is a video file'],
      ['FLOW7013', 'this image address ends in `.webp`; WhatsApp sends images only as JPEG or PNG'],
    ]);
  });
});

describe('a page\'s text folded into its button (FLOW6009)', () => {
  /** A page whose text (mr: `mr` letters, en: `en`), a fee line and a bullet become its button's body. */
  const folded = (mr: number, en: number, before = '', after = '') =>
    home('media') +
    `page media\n  text:\n    mr: "${'क'.repeat(mr)}"\n    en: "${'c'.repeat(en)}"\n  fee:\n    mr: "१०"\n    en: "10"\n  bullet:\n    mr: "खखखखख"\n    en: "bbbbb"\n` +
    `${before}  button "https://a.in/gr.pdf":\n    mr: "उघडा"\n    en: "Open"\n${after}  then back\n\n`;
  // As sent: text + "\n\n" + "💰 " + fee + "\n\n" + "• " + bullet — 1009 + 2 + 2 + 2 + 2 + 2 + 5 = 1024 in Marathi.
  test('a body of exactly 1024 characters fits; one more is a warning in that language only, at its longest line', () => {
    expect(compileText(bot(folded(1009, 1008))).diagnostics).toEqual([]);
    const over = compileText(bot(folded(1010, 1008)));
    expect(over.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['FLOW6009', 'warning', 'the mr text of `media` sent with its button has 1025 characters; WhatsApp allows 1024 above a link button'],
    ]);
    const [warning] = over.diagnostics;
    expect(textAt(over, warning?.span ?? { file: '', offset: 0, length: 0 })).toBe(`"${'क'.repeat(1010)}"`);
    expect(warning?.labels.map((l) => textAt(over, l.span))).toEqual(['"https://a.in/gr.pdf"']);
    expect(warning?.help).toContain('shorten the page\'s mr text to 1024 characters');
  });

  test('no warning when the text is sent apart from the button: a link on the page, media before the button, text after it', () => {
    expect(codes(compileText(bot(folded(1200, 1200, '  link "https://a.in":\n    mr: "दुवा"\n    en: "Link"\n'))))).not.toContain('FLOW6009');
    expect(codes(compileText(bot(folded(1200, 1200, '  image "https://a.in/x.png":\n'))))).not.toContain('FLOW6009');
    expect(codes(compileText(bot(folded(1200, 1200, '', '  text:\n    mr: "शेवट"\n    en: "End"\n'))))).not.toContain('FLOW6009');
  });
});
