import fc from 'fast-check';
import { quoteOneLine } from '../src/index.js';

/**
 * Random well-formed `.flow` files made of the forms issue 16 added — endpoints, calls, page
 * buttons and media, inputs that take a photo, document, location or contact — next to the
 * older forms they stand beside, written with random layout: clause order, optional clauses,
 * optional colons, comments, keywords used as names. Every file parses without a diagnostic.
 *
 * `everyCommentFile` writes every kind of declaration with comments in every place one can be
 * written: a comment above a line is `# @<start of that line> …`, one ending a declaration
 * `# @ends …`; some are written inside a list or after code (`# @words …` between two lines of a
 * `words:` list, after `number: 2`), where they belong to that clause.
 */

/** Names, keywords that may be names among them. */
const names = ['a', 'x1', 'gr_detail', 'photo', 'name', 'location', 'contact', 'image', 'video', 'document', 'button', 'url', 'secret', 'env', 'sends', 'answers', 'text', 'into', 'source', 'page'];
/** Names a `send:` field or a `receive:` path may have (the words of a call's clauses may not). */
const fieldNames = names.filter((n) => !['endpoint', 'send', 'receive', 'then', 'fallback'].includes(n));
const name = fc.constantFrom(...names);
const field = fc.constantFrom(...fieldNames);
const envName = fc.constantFrom('GRIEVANCE_URL', 'GRIEVANCE_SECRET', 'X', 'env', 'url');

/** Texts as an author might write them: templates, Devanagari, quotes and backslashes. */
const value = fc.oneof(
  fc.constantFrom('{department}', '{photo.id}', 'नमस्कार {x}', 'say "hi"', 'back\\slash', 'https://example.gov.in/a.pdf', '', 'line\nbreak'),
  fc.string({ maxLength: 12 }).filter((s) => !/[\r\u0000-\u0008\u000b-\u001f]/.test(s)),
);
const literal = value.map(quoteOneLine);

const sp = fc.constantFrom(' ', '  ', '\t');
const comment = fc.option(fc.constantFrom('# note', '#', '# नोंद', '#  indented note'), { nil: undefined });

/** An optional comment line above a line at `indent`. */
function commented(indent: string, line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(comment, line).map(([c, l]) => (c === undefined ? l : `${indent}${c}\n${l}`));
}

/** What follows a comment's tag: nothing, words, Devanagari, spaces. */
const note = fc.constantFrom('', ' note', ' नोंद', '  two spaces', ' # twice');

/** None, one or two comments tagged `@tag`, each on its own line at `indent`. */
function tagged(indent: string, tag: string): fc.Arbitrary<string> {
  return fc.array(note, { maxLength: 2 }).map((notes) => notes.map((n) => `${indent}# @${tag}${n}\n`).join(''));
}

/** The lines of `line` (its first line starting with `tag` at `indent`), with tagged comments above. */
function above(indent: string, tag: string, line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(tagged(indent, tag), line).map(([c, l]) => `${c}${l}`);
}

/** A declaration followed by none, one or two indented comments that end it. */
function ended(decl: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(decl, tagged('  ', 'ends')).map(([d, c]) => (c === '' ? d : `${d}\n${c.slice(0, -1)}`));
}

/** Clauses in a random order (a random subset when `all` is false), joined into lines. */
function clauses(all: boolean, list: fc.Arbitrary<string>[]): fc.Arbitrary<string[]> {
  return fc.shuffledSubarray(list, all ? { minLength: list.length } : {}).chain(each);
}

/** One value of each arbitrary, in order. */
function each(list: readonly fc.Arbitrary<string>[]): fc.Arbitrary<string[]> {
  return list.length === 0 ? fc.constant<string[]>([]) : fc.tuple(...list).map((values) => [...values]);
}

/** A label or caption: nothing, one neutral string, or language lines. */
const label = fc.oneof(
  fc.constant(''),
  literal.map((l) => `\n    ${l}`),
  fc.uniqueArray(fc.constantFrom('mr', 'hi', 'en'), { minLength: 1, maxLength: 3 }).chain((langs) =>
    fc.tuple(...langs.map((lang) => commented('    ', literal.map((l) => `    ${lang}: ${l}`)))).map((lines) => `\n${lines.join('\n')}`),
  ),
);

const colon = fc.constantFrom('', ':');

const endpoint = fc
  .record({
    id: name,
    clauses: fc.shuffledSubarray([
      above('  ', 'url', envName.map((n) => `  url: env ${n}`)),
      above('  ', 'secret', envName.map((n) => `  secret: env ${n}`)),
      above('  ', 'timeout', fc.constantFrom('10s', '800ms', '2m').map((d) => `  timeout: ${d}`)),
      above('  ', 'sends', fc.array(name, { minLength: 1, maxLength: 4 }).map((l) => `  sends: ${l.join(',\n    # @sends inside\n    ')}`)),
      above('  ', 'answers', fc.array(name, { minLength: 1, maxLength: 3 }).map((l) => `  answers: ${l.join(',')}`)),
    ]),
  })
  .chain(({ id, clauses }) => fc.tuple(...clauses).map((lines) => [`endpoint ${id}`, ...lines].join('\n')));

const sendBlock = fc
  .array(commented('    ', fc.tuple(field, sp, literal).map(([f, s, l]) => `    ${f}:${s}${l}`)), { maxLength: 3 })
  .map((lines) => ['  send:', ...lines].join('\n'));
const receiveBlock = fc
  .array(commented('    ', fc.tuple(field, fc.option(field, { nil: undefined }), name).map(([p, q, v]) => `    ${q ? `${p}.${q}` : p} -> ${v}`)), { maxLength: 3 })
  .map((lines) => ['  receive:', ...lines].join('\n'));

const call = fc
  .record({
    id: name,
    clauses: fc.shuffledSubarray([
      above('  ', 'endpoint', name.map((n) => `  endpoint: ${n}`)),
      above('  ', 'send', sendBlock),
      above('  ', 'receive', receiveBlock),
      above('  ', 'then', name.map((n) => `  then -> ${n}`)),
      above('  ', 'fallback', name.map((n) => `  fallback -> ${n} # @fallback after code`)),
    ]),
  })
  .chain(({ id, clauses }) => fc.tuple(...clauses).map((lines) => [`call ${id}`, ...lines].join('\n')));

const block = commented(
  '  ',
  fc.oneof(
    fc.tuple(literal, colon, label).map(([u, c, l]) => `  button ${u}${c}${l}`),
    fc.tuple(literal, colon, label).map(([u, c, l]) => `  link ${u}${c}${l}`),
    fc
      .tuple(fc.constantFrom('image', 'document', 'video'), literal, fc.option(literal, { nil: undefined }), colon, label)
      .map(([kind, u, file, c, l]) => `  ${kind} ${u}${file === undefined ? '' : ` name ${file}`}${c}${l}`),
    literal.map((l) => `  text: ${l}`),
  ),
);

const page = fc
  .tuple(name, fc.array(block, { maxLength: 4 }), commented('  ', fc.constantFrom('  then back', '  then home', '  then -> photo', '  then end')))
  .map(([id, blocks, wayOn]) => [`page ${id}`, ...blocks, wayOn].join('\n'));

const input = fc
  .tuple(name, name, fc.constantFrom('photo', 'document', 'location', 'contact', 'any', 'digits 6', 'number 1..5'), name)
  .map(([id, variable, expect, then]) => [`input ${id}`, '  text: "Send it"', `  var: ${variable}`, `  expect: ${expect}`, `  then -> ${then}`].join('\n'));

/** A file of 1–6 declarations of the new forms (and a few old ones), each with an optional comment. */
export const effectsFile: fc.Arbitrary<string> = fc
  .array(commented('', fc.oneof(endpoint, call, page, input)), { minLength: 1, maxLength: 6 })
  .map((decls) => `${decls.join('\n\n')}\n`);

// ---------------------------------------------------------------------------
// every place a comment can be written

/** Plain names (no keyword), where the grammar does not take every keyword as a name. */
const plain = fc.constantFrom('a', 'x1', 'gr_detail', 'svc');
const langs = fc.uniqueArray(fc.constantFrom('mr', 'hi', 'en'), { minLength: 1, maxLength: 3 });

/** Language lines at `indent`, each with comments above it. */
function translations(indent: string): fc.Arbitrary<string> {
  return langs
    .chain((list) => fc.tuple(...list.map((lang) => above(indent, lang, literal.map((l) => `${indent}${lang}: ${l}`)))))
    .map((lines) => lines.join('\n'));
}

/** `heading:` and its text — a string on its line, a string on the next line (comments between), or language lines. */
function headed(indent: string, heading: string): fc.Arbitrary<string> {
  return above(
    indent,
    heading,
    fc.oneof(
      literal.map((l) => `${indent}${heading}: ${l}`),
      fc.tuple(tagged(`${indent}  `, heading), literal).map(([c, l]) => `${indent}${heading}:\n${c}${indent}  ${l}`),
      translations(`${indent}  `).map((t) => `${indent}${heading}:\n${t}`),
    ),
  );
}

/** A label or caption: a string on its own line, or language lines. */
function labelOf(indent: string): fc.Arbitrary<string> {
  return fc.oneof(above(indent, '"', literal.map((l) => `${indent}${l}`)), translations(indent));
}

const botDecl = fc
  .tuple(
    plain,
    clauses(false, [
      above('  ', 'languages', fc.constantFrom('  languages: en "English", mr "मराठी"', '  languages: en "English",\n    # @languages inside\n    mr "मराठी"')),
      above('  ', 'start', plain.map((n) => `  start: ${n}`)),
      above('  ', 'retries', fc.constant('  retries: 3')),
      above('  ', 'idle', fc.constant('  idle: 30m # @idle after code')),
      above(
        '  ',
        'commands',
        fc
          .shuffledSubarray(['home: "0", "menu"', 'back: "#", "मागे"', 'help: "?"'])
          .chain((lines) => each(lines.map((l) => above('    ', l.slice(0, l.indexOf(':')), fc.constant(`    ${l}`)))))
          .map((lines) => ['  commands:', ...lines].join('\n')),
      ),
      above(
        '  ',
        'messages',
        fc
          .shuffledSubarray(['help', 'invalid'])
          .chain((keys) => each(keys.map((k) => above('    ', k, translations('      ').map((t) => `    ${k}:\n${t}`)))))
          .map((lines) => ['  messages:', ...lines].join('\n')),
      ),
    ]),
  )
  .map(([id, lines]) => [`bot ${id}`, ...lines].join('\n'));

const option = fc
  .tuple(
    plain,
    plain,
    labelOf('    '),
    clauses(false, [
      headed('    ', 'description'),
      above('    ', 'words', fc.constantFrom('    words: "x", "y"', '    words: "x",\n      # @words inside\n      "y"')),
      above('    ', 'number', fc.constantFrom('    number: 2', '    number: 2 # @number after code')),
      above('    ', 'set', plain.map((n) => `    set ${n} = "v"`)),
      above('    ', 'set', fc.constant('    set seen = "yes"')),
      above('    ', 'language', fc.constant('    language: en')),
    ]),
  )
  .map(([id, target, label, rest]) => [`  option ${id} -> ${target}`, label, ...rest].join('\n'));

const from = fc
  .tuple(
    above('  ', 'from', fc.constantFrom('  from gr into g -> a', '  from gr(count = "5", dept = "r") into g -> a', '  from gr(count = "5",\n    # @from inside\n    dept = "r") into g -> a')),
    clauses(false, [headed('    ', 'title'), headed('    ', 'description'), above('    ', 'timeout', fc.constant('    timeout: 4s')), above('    ', 'fallback', fc.constant('    fallback -> a'))]),
  )
  .map(([head, rest]) => [head, ...rest].join('\n'));

const menuDecl = fc
  .tuple(plain, fc.array(option, { maxLength: 3 }), headed('  ', 'text'), fc.option(from, { nil: undefined }))
  .chain(([id, options, text, source]) =>
    fc.shuffledSubarray([text, ...options, ...(source === undefined ? [] : [source])], { minLength: options.length + 1 }).map((parts) => [`menu ${id}`, ...parts].join('\n')),
  );

const taggedBlock = fc.oneof(
  headed('  ', 'text'),
  headed('  ', 'bullet'),
  headed('  ', 'fee'),
  headed('  ', 'time'),
  above('  ', 'link', fc.tuple(literal, labelOf('    ')).map(([u, l]) => `  link ${u}\n${l}`)),
  above('  ', 'button', fc.tuple(literal, labelOf('    ')).map(([u, l]) => `  button ${u}\n${l}`)),
  above('  ', 'document', fc.tuple(literal, fc.option(labelOf('    '), { nil: undefined })).map(([u, l]) => `  document ${u} name "f.pdf"${l === undefined ? '' : `\n${l}`}`)),
);

const pageDecl = fc
  .tuple(plain, fc.array(taggedBlock, { maxLength: 4 }), above('  ', 'then', fc.constantFrom('  then back', '  then -> a', '  then end # @then after code')))
  .map(([id, blocks, wayOn]) => [`page ${id}`, ...blocks, wayOn].join('\n'));

const inputDecl = fc
  .tuple(
    plain,
    clauses(false, [
      headed('  ', 'text'),
      above('  ', 'var', plain.map((n) => `  var: ${n}`)),
      above('  ', 'expect', fc.constantFrom('  expect: digits 6', '  expect: number 1..5', '  expect: photo', '  expect: one of "a",\n    # @expect inside\n    "b"')),
      headed('  ', 'retry'),
      above('  ', 'retries', fc.constant('  retries: 3 -> a')),
      above('  ', 'then', fc.constant('  then -> a')),
    ]),
  )
  .map(([id, lines]) => [`input ${id}`, ...lines].join('\n'));

const when = above('  ', 'when', fc.constantFrom('  when a == "x" -> svc', '  when not c and d -> a', '  when a and\n    # @when inside\n    b -> a'));
const branchDecl = fc
  .tuple(plain, fc.array(when, { minLength: 1, maxLength: 3 }), above('  ', 'else', fc.constant('  else -> a')))
  .chain(([id, whens, otherwise]) => fc.shuffledSubarray([...whens, otherwise], { minLength: whens.length + 1 }).map((lines) => [`branch ${id}`, ...lines].join('\n')));

const endDecl = fc.tuple(plain, fc.option(headed('  ', 'text'), { nil: undefined })).map(([id, text]) => (text === undefined ? `end ${id}` : `end ${id}\n${text}`));
const sourceDecl = fc.tuple(plain, fc.boolean()).map(([id, timeout]) => `source ${id}${timeout ? '\n  timeout: 4s' : ''}`);
const sourceTagged = fc.tuple(sourceDecl, tagged('  ', 'timeout')).map(([d, c]) => d.replace('\n  timeout', `\n${c}  timeout`));

/** A declaration of any kind, comments above it (`# @<keyword>`), in it and ending it. */
const anyDecl = fc.oneof(
  above('', 'bot', botDecl),
  above('', 'menu', menuDecl),
  above('', 'page', pageDecl),
  above('', 'input', inputDecl),
  above('', 'branch', branchDecl),
  above('', 'goto', plain.map((n) => `goto ${n} -> a`)),
  above('', 'end', endDecl),
  above('', 'source', sourceTagged),
  above('', 'include', fc.constant('include "a.flow"')),
  above('', 'endpoint', endpoint),
  above('', 'call', call),
);

/** A file of 1–5 declarations of every kind with comments in every place, a header and an end comment or not. */
export const everyCommentFile: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(ended(anyDecl), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([header, decls, end]) => `${header ? '# the file\n\n' : ''}${decls.join('\n\n')}\n${end ? '\n# @trailing\n' : ''}`);
