import fc from 'fast-check';
import { quoteOneLine } from '../src/index.js';

/**
 * Random well-formed `.flow` files made of the forms issue 16 added — endpoints, calls, page
 * buttons and media, inputs that take a photo, document, location or contact — next to the
 * older forms they stand beside, written with random layout: clause order, optional clauses,
 * optional colons, comments, keywords used as names. Every file parses without a diagnostic.
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
      envName.map((n) => `  url: env ${n}`),
      envName.map((n) => `  secret: env ${n}`),
      fc.constantFrom('10s', '800ms', '2m').map((d) => `  timeout: ${d}`),
      fc.array(name, { minLength: 1, maxLength: 4 }).map((l) => `  sends: ${l.join(', ')}`),
      fc.array(name, { minLength: 1, maxLength: 3 }).map((l) => `  answers: ${l.join(',')}`),
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
      name.map((n) => `  endpoint: ${n}`),
      sendBlock,
      receiveBlock,
      name.map((n) => `  then -> ${n}`),
      name.map((n) => `  fallback -> ${n}`),
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
