/** Re-parsing only what an edit touched gives what a full parse gives (comments aside), edit after edit. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from '@samvad/dsl';
import type { Diagnostic } from '@samvad/dsl';
import { INCREMENTAL_MIN_CHARS, reparse, withoutComments } from '../src/incremental.js';
import type { TextParse } from '../src/incremental.js';
import { treeToFlow } from '../../../bench/compile/generate.js';
import { treeOfAbout } from '../../../bench/shared/menu-tree.js';
import { REPO } from './support/client.js';

const generated = treeToFlow(treeOfAbout(500));
const flows = join(REPO, 'flows');
const jalna = [join(flows, 'jalna-mitra.flow'), join(flows, 'gr.flow'), ...readdirSync(join(flows, 'departments')).map((f) => join(flows, 'departments', f))]
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

/** A bot of endpoints, calls, pages with buttons and media, and inputs that take a photo, repeated past the incremental threshold. */
const effects = Array.from({ length: 120 }, (_, i) =>
  [
    `endpoint service${i}`,
    `  url: env SERVICE${i}_URL`,
    `  secret: env SERVICE${i}_SECRET`,
    '  timeout: 10s',
    '  sends: problem, photo',
    '  answers: reference',
    '',
    `call submit${i}`,
    `  endpoint: service${i}`,
    '  send:',
    '    problem: "{problem}"',
    '    photo: "{photo.id}"',
    '  receive:',
    '    data.reference -> ref',
    `  then -> done${i}`,
    `  fallback -> photo${i}`,
    '',
    `page done${i}`,
    '  text:',
    '    en: "Reference {ref}"',
    '  button "https://example.gov.in/status"',
    '    en: "Track it"',
    '  document "https://example.gov.in/form.pdf" name "form.pdf"',
    '    en: "The form"',
    '  video "https://example.gov.in/how.mp4"',
    '  then home',
    '',
    `input photo${i}`,
    '  text: "Send a photo"',
    '  var: photo',
    '  expect: photo',
    `  then -> submit${i}`,
    '',
  ].join('\n'),
).join('\n');

/** What checks read of a parse: declarations without comments, diagnostics in a stable order. */
function seen(result: Pick<TextParse, 'ast' | 'diagnostics'>): { decls: string; diagnostics: string[] } {
  return { decls: withoutComments(result.ast.decls), diagnostics: result.diagnostics.map((d: Diagnostic) => JSON.stringify(d)).sort() };
}

const PIECES = ['endpoint: e\n', 'call c\n', '  send:\n', '    a: "x"\n', '  receive:\n', '    r -> v\n', '  image "u"\n', 'x', '\n', ' ', '->', '-', '>', 'menu ', '\npage p\n', '"', '#', '  then back\n', '  option a -> b\n', '{', ':', '    en: "t"\n', '', 'when', '\n\n', 'end'];

/** An edit: at a fraction of the text, delete a few characters and insert a piece. */
const edit = fc.record({ at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000), remove: fc.integer({ min: 0, max: 4 }), insert: fc.constantFrom(...PIECES) });

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

/** `SAMVAD_FC_SEED=<seed>` replays a failing run (fast-check prints the seed). */
const replay = process.env['SAMVAD_FC_SEED'] !== undefined ? { seed: Number(process.env['SAMVAD_FC_SEED']) } : {};

describe('incremental re-parse', () => {
  test('the inputs are large enough to take the incremental path', () => {
    expect(generated.length).toBeGreaterThan(INCREMENTAL_MIN_CHARS);
    expect(jalna.length).toBeGreaterThan(INCREMENTAL_MIN_CHARS);
    expect(effects.length).toBeGreaterThan(INCREMENTAL_MIN_CHARS);
  });

  const bases = [
    ['the generated 500-node bot', generated],
    ['the Jalna Mitra files, end to end', jalna],
    ['a bot of endpoints, calls, media and photo inputs', effects],
  ] as const;
  for (const [name, base] of bases) {
    test(`${name}: edit after edit, the same declarations and diagnostics as a full parse`, () => {
      let steps = 0;
      let reused = 0;
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
          // A fresh parse each run: a re-parse moves the declarations of the parse it reuses.
          let previous: TextParse = { ...parse(base, 'f.flow'), text: base };
          let text = base;
          for (const e of edits) {
            text = apply(text, e);
            const incremental = reparse(previous, text, 'f.flow');
            expect(seen(incremental)).toEqual(seen(parse(text, 'f.flow')));
            steps += 1;
            if (incremental.ast.decls[0] !== undefined && incremental.ast.decls[0] === previous.ast.decls[0]) reused += 1;
            previous = incremental;
          }
        }),
        { numRuns: 25, ...replay },
      );
      // Most edits land past the first declaration: those must have been spliced, not parsed whole.
      expect(reused / steps).toBeGreaterThan(0.5);
    }, 120_000);
  }

  test('an edit in the middle of a large file keeps the declarations before it as they were', () => {
    const start: TextParse = { ...parse(generated, 'f.flow'), text: generated };
    const at = generated.indexOf('Option 3', generated.length >> 1);
    const text = `${generated.slice(0, at)}X${generated.slice(at)}`;
    const next = reparse(start, text, 'f.flow');
    expect(next.ast.decls[0]).toBe(start.ast.decls[0]);
    expect(next.ast.decls.at(-1)).toBe(start.ast.decls.at(-1));
    expect(seen(next)).toEqual(seen(parse(text, 'f.flow')));
  });
});
