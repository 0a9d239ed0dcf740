/**
 * The TextMate grammar (syntaxes/flow.tmLanguage.json), run by VS Code's own engine
 * (vscode-textmate + vscode-oniguruma) on lines taken from the real flows: every line below is
 * looked up in its file first, so a sample cannot drift from what authors actually write.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scopesAt, scopesOf, tokenize } from './support/grammar.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The line of a repository file that contains `piece` (the test fails if none does). */
function lineOf(file: string, piece: string): string {
  const found = readFileSync(join(ROOT, file), 'utf8').split('\n').find((l) => l.includes(piece));
  if (found === undefined) throw new Error(`${file} has no line with ${piece}`);
  return found;
}

describe('declarations and node ids', () => {
  test.each([
    ['flows/jalna-mitra.flow', 'menu home', 'menu', 'storage.type.menu.flow', 'home'],
    ['flows/gr.flow', 'page gr_detail', 'page', 'storage.type.page.flow', 'gr_detail'],
    ['examples/input.flow', 'input age', 'input', 'storage.type.input.flow', 'age'],
    ['examples/branch.flow', 'branch route', 'branch', 'storage.type.branch.flow', 'route'],
    ['examples/goto-end.flow', 'end bye', 'end', 'storage.type.end.flow', 'bye'],
  ])('%s: `%s`', async (file, piece, keyword, keywordScope, id) => {
    expect(await scopesOf(lineOf(file, piece))).toEqual([
      [keyword, keywordScope],
      [id, 'entity.name.function.node.flow'],
    ]);
  });

  test('bot, source and include', async () => {
    expect(await scopesOf(lineOf('flows/jalna-mitra.flow', 'bot jalna_mitra'))).toEqual([
      ['bot', 'storage.type.bot.flow'],
      ['jalna_mitra', 'entity.name.type.bot.flow'],
    ]);
    expect(await scopesOf(lineOf('flows/gr.flow', 'source maharashtra_gr'))).toEqual([
      ['source', 'storage.type.source.flow'],
      ['maharashtra_gr', 'entity.name.type.source.flow'],
    ]);
    const include = await scopesOf(lineOf('flows/jalna-mitra.flow', 'include "gr.flow"'));
    expect(include[0]).toEqual(['include', 'keyword.control.import.flow']);
    expect(include.map(([t]) => t).join('')).toBe('include"gr.flow"');
    expect(include[2]).toEqual(['gr.flow', 'string.quoted.double.flow']);
  });

  test('a soft keyword used as a name is a name: `menu home`, `option gr -> gr_menu`', async () => {
    expect((await scopesOf('menu home'))[1]).toEqual(['home', 'entity.name.function.node.flow']);
    expect(await scopesOf('option end -> end')).toEqual([
      ['option', 'keyword.other.option.flow'],
      ['end', 'variable.other.enummember.option.flow'],
      ['->', 'keyword.operator.arrow.flow'],
      ['end', 'entity.name.function.target.flow'],
    ]);
  });
});

describe('-> targets and ways on', () => {
  test('an option: keyword, option id, arrow, target node', async () => {
    expect(await scopesOf(lineOf('flows/jalna-mitra.flow', 'option jalna_mitra -> departments'))).toEqual([
      ['option', 'keyword.other.option.flow'],
      ['jalna_mitra', 'variable.other.enummember.option.flow'],
      ['->', 'keyword.operator.arrow.flow'],
      ['departments', 'entity.name.function.target.flow'],
    ]);
  });

  test.each([
    ['examples/goto-end.flow', 'goto services -> service_list', [['goto', 'storage.type.goto.flow'], ['services', 'entity.name.function.node.flow'], ['->', 'keyword.operator.arrow.flow'], ['service_list', 'entity.name.function.target.flow']]],
    ['examples/input.flow', 'then -> mobile', [['then', 'keyword.control.then.flow'], ['->', 'keyword.operator.arrow.flow'], ['mobile', 'entity.name.function.target.flow']]],
    ['flows/gr.flow', 'then back', [['then', 'keyword.control.then.flow'], ['back', 'keyword.control.back.flow']]],
    ['examples/branch.flow', 'then end', [['then', 'keyword.control.then.flow'], ['end', 'keyword.control.end.flow']]],
    ['examples/branch.flow', 'else -> general', [['else', 'keyword.control.conditional.flow'], ['->', 'keyword.operator.arrow.flow'], ['general', 'entity.name.function.target.flow']]],
    ['flows/gr.flow', 'fallback -> gr_unavailable', [['fallback', 'keyword.other.fallback.flow'], ['->', 'keyword.operator.arrow.flow'], ['gr_unavailable', 'entity.name.function.target.flow']]],
    ['flows/jalna-mitra.flow', 'start: home', [['start', 'keyword.other.clause.flow'], [':', 'punctuation.separator.colon.flow'], ['home', 'entity.name.function.target.flow']]],
    ['examples/input.flow', 'retries: 3 -> help_desk', [['retries', 'keyword.other.clause.flow'], [':', 'punctuation.separator.colon.flow'], ['3', 'constant.numeric.integer.flow'], ['->', 'keyword.operator.arrow.flow'], ['help_desk', 'entity.name.function.target.flow']]],
  ])('%s: `%s`', async (file, piece, expected) => {
    expect(await scopesOf(lineOf(file, piece))).toEqual(expected);
  });
});

describe('language lines and strings', () => {
  test.each(['mr', 'hi', 'en'])('a %s line: the code is a language tag, the Devanagari or English text one string', async (code) => {
    const line = lineOf('flows/gr.flow', `    ${code}: "📑 *`);
    const scopes = await scopesOf(line);
    expect(scopes[0]).toEqual([code, 'entity.name.tag.language.flow']);
    expect(scopes[1]).toEqual([':', 'punctuation.separator.colon.flow']);
    const [tokens = []] = await tokenize(line);
    const afterColon = tokens.slice(tokens.findIndex((t) => t.text === ':') + 1).filter((t) => t.text.trim() !== '');
    expect(afterColon.every((t) => t.scopes.includes('string.quoted.double.flow'))).toBe(true);
    expect(afterColon.some((t) => t.scopes.some((s) => s.startsWith('invalid')))).toBe(false);
  });

  test('`{gr.title}` inside WhatsApp *bold*: an interpolated variable inside bold inside a string', async () => {
    const line = lineOf('flows/gr.flow', 'mr: "📄 *{gr.title}*"');
    expect(await scopesAt(line, 'gr.title')).toEqual(['source.flow', 'string.quoted.double.flow', 'markup.bold.flow', 'meta.interpolation.flow', 'variable.other.flow']);
    expect(await scopesAt(line, '{')).toContain('punctuation.definition.interpolation.begin.flow');
    expect(await scopesAt(line, '*')).toEqual(['source.flow', 'string.quoted.double.flow', 'markup.bold.flow', 'punctuation.definition.bold.flow']);
  });

  test('Devanagari in bold, and text around it plain', async () => {
    const line = lineOf('examples/hello.flow', '*सकाळी 10 ते सायंकाळी 6*');
    expect(await scopesAt(line, 'सकाळी')).toEqual(['source.flow', 'string.quoted.double.flow', 'markup.bold.flow']);
    expect(await scopesAt(line, 'उघडे')).toEqual(['source.flow', 'string.quoted.double.flow']);
  });

  test('_italic_ and ~strike~ as WhatsApp shows them; a * between letters is no bold', async () => {
    expect(await scopesAt('    en: "an _old_ and ~wrong~ fee"', 'old')).toContain('markup.italic.flow');
    expect(await scopesAt('    en: "an _old_ and ~wrong~ fee"', 'wrong')).toContain('markup.strikethrough.flow');
    expect(await scopesAt('    en: "5*3*2 and {gr_dept}"', '3')).not.toContain('markup.bold.flow');
    expect(await scopesAt('    en: "5*3*2 and {gr_dept}"', 'gr_dept')).toContain('variable.other.flow');
  });

  test('escapes: \\" \\n and {{ }} are escapes, any other \\x is marked', async () => {
    const line = lineOf('flows/jalna-mitra.flow', 'en: "ℹ️ *Help*\\n');
    expect(await scopesAt(line, '\\n')).toContain('constant.character.escape.flow');
    expect(await scopesAt(line, '\\"income')).toContain('constant.character.escape.flow');
    expect(await scopesAt('    en: "{{not a variable}}"', '{{')).toContain('constant.character.escape.brace.flow');
    expect(await scopesAt('    en: "{{not a variable}}"', 'not')).not.toContain('variable.other.flow');
    expect(await scopesAt('    en: "a \\q b"', '\\q')).toContain('invalid.illegal.escape.flow');
  });

  test('a pattern\'s {5} is a regular-expression count, not a variable', async () => {
    const line = lineOf('examples/input.flow', 'expect: pattern "^4[0-9]{5}$"');
    expect((await scopesOf(line)).slice(0, 3)).toEqual([
      ['expect', 'keyword.other.clause.flow'],
      [':', 'punctuation.separator.colon.flow'],
      ['pattern', 'support.type.expect.flow'],
    ]);
    expect(await scopesAt(line, '{5}')).not.toContain('meta.interpolation.flow');
  });

  test('a """ string runs over lines, interpolations included', async () => {
    const lines = await tokenize('  text: """\n    Hello *{name}*\n    # not a comment\n    """\n  then back');
    const scopesOfLine = (i: number, piece: string) => lines[i]?.find((t) => t.text.includes(piece))?.scopes ?? [];
    expect(scopesOfLine(1, 'name')).toEqual(['source.flow', 'string.quoted.triple.flow', 'markup.bold.flow', 'meta.interpolation.flow', 'variable.other.flow']);
    expect(scopesOfLine(2, 'not a comment')).toEqual(['source.flow', 'string.quoted.triple.flow']);
    expect(scopesOfLine(4, 'then')).toContain('keyword.control.then.flow');
  });

  test('a link: keyword and an underlined address', async () => {
    const line = lineOf('flows/gr.flow', 'link "https://gr.maharashtra.gov.in/1145/Government-Resolutions"');
    expect((await scopesOf(line))[0]).toEqual(['link', 'keyword.other.link.flow']);
    expect(await scopesAt(line, 'https://')).toEqual(['source.flow', 'string.quoted.double.flow', 'markup.underline.link.flow']);
  });
});

describe('comments', () => {
  test('a whole-line comment', async () => {
    const line = lineOf('flows/gr.flow', '# Option 2 of the real bot');
    expect(await scopesOf(line)).toEqual([
      ['#', 'punctuation.definition.comment.flow'],
      [line.slice(1), 'comment.line.number-sign.flow'],
    ]);
  });

  test('a # inside a string is text; a comment after code is a comment', async () => {
    const line = lineOf('flows/jalna-mitra.flow', 'back: "#", "back"');
    expect(await scopesAt(line, '#')).toContain('string.quoted.double.flow');
    expect(await scopesAt(line, '#')).not.toContain('comment.line.number-sign.flow');
    expect(await scopesAt('  start: home  # the welcome menu', 'the welcome')).toEqual(['source.flow', 'comment.line.number-sign.flow']);
  });
});

describe('the bot header', () => {
  test('languages: codes and their names', async () => {
    const scopes = await scopesOf(lineOf('flows/jalna-mitra.flow', 'languages: mr "मराठी", hi "हिंदी", en "English"'));
    expect(scopes.filter(([, s]) => s === 'entity.name.tag.language.flow').map(([t]) => t)).toEqual(['mr', 'hi', 'en']);
    expect(scopes.filter(([, s]) => s === 'string.quoted.double.flow').map(([t]) => t)).toEqual(['मराठी', 'हिंदी', 'English']);
  });

  test('numbers and durations', async () => {
    expect(await scopesOf(lineOf('flows/jalna-mitra.flow', 'retries: 3'))).toContainEqual(['3', 'constant.numeric.integer.flow']);
    expect(await scopesAt(lineOf('flows/jalna-mitra.flow', 'idle: 30m'), '30')).toEqual(['source.flow', 'constant.numeric.duration.flow']);
    expect(await scopesAt(lineOf('flows/jalna-mitra.flow', 'idle: 30m'), 'm')).toContain('keyword.other.unit.flow');
    expect(await scopesAt(lineOf('flows/gr.flow', 'timeout: 4s'), '4')).toContain('constant.numeric.duration.flow');
    const range = lineOf('examples/input.flow', 'expect: number 1..120');
    expect(await scopesAt(range, 'number')).toContain('support.type.expect.flow');
    expect(await scopesAt(range, '..')).toContain('keyword.operator.range.flow');
    expect(await scopesAt(range, '120')).toContain('constant.numeric.integer.flow');
  });

  test('command words and message keys', async () => {
    const home = await scopesOf(lineOf('flows/jalna-mitra.flow', 'home: "0", "menu"'));
    expect(home[0]).toEqual(['home', 'keyword.other.command.flow']);
    expect(home).toContainEqual([',', 'punctuation.separator.comma.flow']);
    expect(await scopesOf(lineOf('flows/jalna-mitra.flow', 'source_failed:'))).toEqual([
      ['source_failed', 'variable.other.property.message.flow'],
      [':', 'punctuation.separator.colon.flow'],
    ]);
    expect((await scopesOf(lineOf('examples/hello.flow', '  commands:')))[0]).toEqual(['commands', 'keyword.other.clause.flow']);
  });
});

describe('option clauses', () => {
  test('words: a list of strings, Devanagari and romanised', async () => {
    const scopes = await scopesOf(lineOf('flows/jalna-mitra.flow', 'words: "gr", "जीआर", "शासन निर्णय"'));
    expect(scopes.slice(0, 2)).toEqual([
      ['words', 'keyword.other.clause.flow'],
      [':', 'punctuation.separator.colon.flow'],
    ]);
    expect(scopes.filter(([, s]) => s === 'string.quoted.double.flow').map(([t]) => t).slice(0, 3)).toEqual(['gr', 'जीआर', 'शासन निर्णय']);
    expect(scopes.some(([, s]) => s.startsWith('invalid'))).toBe(false);
  });

  test('set, language and from … into … -> …', async () => {
    expect(await scopesOf(lineOf('flows/gr.flow', 'set gr_dept = "Agriculture"'))).toEqual([
      ['set', 'keyword.other.set.flow'],
      ['gr_dept', 'variable.other.flow'],
      ['=', 'keyword.operator.assignment.flow'],
      ['"', 'punctuation.definition.string.begin.flow'],
      ['Agriculture', 'string.quoted.double.flow'],
      ['"', 'punctuation.definition.string.end.flow'],
    ]);
    expect((await scopesOf(lineOf('flows/jalna-mitra.flow', 'language: hi')))[2]).toEqual(['hi', 'entity.name.tag.language.flow']);
    const from = lineOf('flows/gr.flow', 'from maharashtra_gr(department = "{gr_dept}", limit = "8") into gr -> gr_detail');
    const scopes = await scopesOf(from);
    expect(scopes.slice(0, 2)).toEqual([
      ['from', 'keyword.other.from.flow'],
      ['maharashtra_gr', 'entity.name.type.source.flow'],
    ]);
    expect(scopes).toContainEqual(['department', 'variable.parameter.flow']);
    expect(scopes).toContainEqual(['gr_dept', 'variable.other.flow']);
    expect(scopes).toContainEqual(['into', 'keyword.other.into.flow']);
    expect(scopes).toContainEqual(['gr', 'variable.other.item.flow']);
    expect(scopes.slice(-2)).toEqual([
      ['->', 'keyword.operator.arrow.flow'],
      ['gr_detail', 'entity.name.function.target.flow'],
    ]);
  });
});

describe('conditions', () => {
  test('when: variables, comparisons, logic, parentheses, then the target', async () => {
    const line = lineOf('examples/branch.flow', 'when category == "student" and (age < 30 or age > 50) -> student_schemes');
    expect(await scopesOf(line)).toEqual([
      ['when', 'keyword.control.conditional.flow'],
      ['category', 'variable.other.flow'],
      ['==', 'keyword.operator.comparison.flow'],
      ['"', 'punctuation.definition.string.begin.flow'],
      ['student', 'string.quoted.double.flow'],
      ['"', 'punctuation.definition.string.end.flow'],
      ['and', 'keyword.operator.logical.flow'],
      ['(', 'punctuation.section.parens.flow'],
      ['age', 'variable.other.flow'],
      ['<', 'keyword.operator.comparison.flow'],
      ['30', 'constant.numeric.integer.flow'],
      ['or', 'keyword.operator.logical.flow'],
      ['age', 'variable.other.flow'],
      ['>', 'keyword.operator.comparison.flow'],
      ['50', 'constant.numeric.integer.flow'],
      [')', 'punctuation.section.parens.flow'],
      ['->', 'keyword.operator.arrow.flow'],
      ['student_schemes', 'entity.name.function.target.flow'],
    ]);
    expect((await scopesOf(lineOf('examples/branch.flow', 'when not category -> general')))[1]).toEqual(['not', 'keyword.operator.logical.flow']);
  });

  test('a condition continued on the next lines stays a condition until its ->', async () => {
    const lines = await tokenize('branch b\n  when pincode == "431200"\n    or pincode == "431201" -> jalna\n  else -> elsewhere');
    const find = (i: number, text: string) => lines[i]?.find((t) => t.text.trim() === text)?.scopes ?? [];
    expect(find(2, 'or')).toContain('keyword.operator.logical.flow');
    expect(find(2, 'pincode')).toContain('variable.other.flow');
    expect(find(2, 'jalna')).toContain('entity.name.function.target.flow');
    expect(find(3, 'else')).toEqual(['source.flow', 'keyword.control.conditional.flow']);
  });
});

describe('endpoints, calls, buttons, media and the new inputs', () => {
  test('an endpoint: its name a type; url and secret name environment variables; its field lists', async () => {
    expect(await scopesOf('endpoint grievances')).toEqual([
      ['endpoint', 'storage.type.endpoint.flow'],
      ['grievances', 'entity.name.type.endpoint.flow'],
    ]);
    expect(await scopesOf('  url: env GRIEVANCE_URL')).toEqual([
      ['url', 'keyword.other.clause.flow'],
      [':', 'punctuation.separator.colon.flow'],
      ['env', 'keyword.other.env.flow'],
      ['GRIEVANCE_URL', 'variable.other.constant.environment.flow'],
    ]);
    expect((await scopesOf('  secret: env GRIEVANCE_SECRET'))[3]).toEqual(['GRIEVANCE_SECRET', 'variable.other.constant.environment.flow']);
    expect(await scopesOf('  sends: department, photo')).toEqual([
      ['sends', 'keyword.other.clause.flow'],
      [':', 'punctuation.separator.colon.flow'],
      ['department', 'variable.other.property.field.flow'],
      [',', 'punctuation.separator.comma.flow'],
      ['photo', 'variable.other.property.field.flow'],
    ]);
    expect(await scopesAt('  timeout: 10s', '10')).toContain('constant.numeric.duration.flow');
  });

  test('a call: a node; `endpoint:` names an endpoint; send fields, receive paths and variables; both ways on', async () => {
    const lines = await tokenize(
      ['call submit', '  endpoint: grievances', '  send:', '    # the photo', '    photo: "{photo.id}"', '  receive:', '    data.ref -> ref', '  then -> done', '  fallback -> failed'].join('\n'),
    );
    const at = (line: number, text: string) => lines[line]?.find((t) => t.text.trim() === text)?.scopes.at(-1);
    expect(at(0, 'call')).toBe('storage.type.call.flow');
    expect(at(0, 'submit')).toBe('entity.name.function.node.flow');
    expect(at(1, 'endpoint')).toBe('keyword.other.clause.flow');
    expect(at(1, 'grievances')).toBe('entity.name.type.endpoint.flow');
    expect(at(2, 'send')).toBe('keyword.other.clause.flow');
    expect(at(3, 'the photo')).toBe('comment.line.number-sign.flow');
    expect(at(4, 'photo')).toBe('variable.other.property.field.flow');
    expect(at(4, 'photo.id')).toBe('variable.other.flow');
    expect(at(6, 'data.ref')).toBe('variable.other.property.field.flow');
    expect(at(6, '->')).toBe('keyword.operator.arrow.flow');
    expect(at(6, 'ref')).toBe('variable.other.flow');
    expect(at(7, 'done')).toBe('entity.name.function.target.flow');
    expect(at(8, 'fallback')).toBe('keyword.other.fallback.flow');
    expect(at(8, 'failed')).toBe('entity.name.function.target.flow');
    expect(lines.flat().filter((t) => t.text.trim() !== '' && (t.scopes.length < 2 || t.scopes.some((s) => s.startsWith('invalid'))))).toEqual([]);
  });

  test.each([
    ['  button "{gr.url}"', 'button'],
    ['  image "https://example.gov.in/a.jpg":', 'image'],
    ['  video "https://example.gov.in/how.mp4"', 'video'],
    ['  document "https://example.gov.in/form.pdf" name "arj.pdf":', 'document'],
  ])('a page block: `%s`', async (line, keyword) => {
    const scopes = await scopesOf(line);
    expect(scopes[0]).toEqual([keyword, `keyword.other.${keyword}.flow`]);
    expect(scopes.some(([, s]) => s.startsWith('invalid'))).toBe(false);
    if (keyword === 'document') expect(scopes).toContainEqual(['name', 'keyword.other.name.flow']);
    if (line.endsWith(':')) expect(scopes.at(-1)).toEqual([':', 'punctuation.separator.colon.flow']);
  });

  test.each(['photo', 'document', 'location', 'contact'])('`expect: %s` is an expectation', async (kind) => {
    expect(await scopesAt(`  expect: ${kind}`, kind)).toContain('support.type.expect.flow');
  });
});

describe('every real flow', () => {
  const files = execFileSync('git', ['ls-files', 'flows/*.flow', 'flows/**/*.flow', 'examples/*.flow', 'examples/**/*.flow'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '');

  test('there are real flows to read', () => {
    expect(files).toContain('flows/jalna-mitra.flow');
    expect(files.length).toBeGreaterThan(15);
  });

  // These files pass `samvad check`: a character the grammar leaves unscoped is a gap in it, and
  // one it marks invalid a false alarm.
  test.each(files)('%s: every character outside whitespace is scoped, none marked invalid', async (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const problems = (await tokenize(text)).flatMap((tokens, i) =>
      tokens
        .filter((t) => t.text.trim() !== '' && (t.scopes.length < 2 || t.scopes.some((s) => s.startsWith('invalid'))))
        .map((t) => `${file}:${i + 1}: "${t.text}" ${t.scopes.join(' ')}`),
    );
    expect(problems).toEqual([]);
  });

  test('a character outside quotes that no token starts with (FLOW1001) is marked', async () => {
    const line = lineOf('packages/compiler/test/fixtures/FLOW1001-unexpected-character/input.flow', 'mr: नमस्कार');
    expect(await scopesAt(line, 'नमस्कार')).toEqual(['source.flow', 'invalid.illegal.character.flow']);
  });
});

describe('the grammar keeps up with the language', () => {
  test('every keyword docs/language.md lists is one the grammar knows', () => {
    const doc = readFileSync(join(ROOT, 'docs/language.md'), 'utf8');
    const list = /^Keywords: ([\s\S]*?)\. Keywords are \*soft\*/m.exec(doc)?.[1];
    expect(list, 'docs/language.md: the "Keywords:" paragraph').toBeDefined();
    const keywords = (list ?? '').replace(/`/g, '').split(/\s+/).filter((k) => k !== '');
    expect(keywords.length).toBeGreaterThan(40);
    const grammar = readFileSync(join(import.meta.dirname, '../syntaxes/flow.tmLanguage.json'), 'utf8');
    const patterns = [...grammar.matchAll(/"(?:match|begin)": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1] as string}"`) as string);
    const known = (keyword: string) => patterns.some((p) => new RegExp(`(?<![A-Za-z0-9_])${keyword}(?![A-Za-z0-9_])`).test(p));
    expect(keywords.filter((k) => !known(k))).toEqual([]);
  });
});
