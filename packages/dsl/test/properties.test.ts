import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_TERMS, MAX_DIAGNOSTICS_PER_FILE, format, lex, parse } from '../src/index.js';
import { effectsFile, everyCommentFile } from './arbitraries.js';
import { exampleFlows, withoutSpans } from './helpers.js';

const examples = exampleFlows();

/** Pieces of `.flow` text, broken ones included, to build plausible nonsense from. */
const pieces = [
  'menu', 'page', 'input', 'branch', 'bot', 'goto', 'end', 'source', 'include', 'option', 'text', 'then', 'back',
  'home', 'when', 'else', 'not', 'and', 'or', 'expect', 'number', 'one', 'of', 'from', 'into', 'fallback', 'link',
  ' ', '  ', '\n', '\r\n', '\t', ':', ',', '->', '-', '>', '=', '==', '(', ')', '..', '.', '"', '"""', '\\', '#',
  '"नमस्कार"', 'नमस्कार', '🙏', '"🙏 *x* _y_"', 'mr', 'en', 'x', 'gr.title', '4s', '30m', '12', '1..3', '{name}',
  'endpoint', 'url', 'secret', 'env', 'sends', 'answers', 'call', 'send', 'receive', 'button', 'image', 'document',
  'video', 'name', 'photo', 'location', 'contact', 'var', '"https://example.gov.in/a.pdf"',
];
const flowish = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

function expectSound(source: string): void {
  const { ast, diagnostics } = parse(source, 'p.flow');
  expect(ast.kind).toBe('file');
  for (const d of diagnostics) {
    expect(d.span.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.offset + d.span.length).toBeLessThanOrEqual(source.length);
    expect(d.message).not.toContain('\n');
  }
}

/** The lines of a source with the lines at the given positions removed. */
function deleteLines(source: string, picks: readonly number[]): string {
  const lines = source.split('\n');
  const drop = new Set(picks.map((p) => p % Math.max(1, lines.length)));
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}

describe('parse never throws', () => {
  it('on arbitrary text, including Devanagari, emoji and quotes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), expectSound), { numRuns: 150 });
  });

  it('on plausible nonsense made of .flow pieces', () => {
    fc.assert(fc.property(flowish, expectSound), { numRuns: 300 });
  });

  it.each(examples.map((e) => [e.name, e.source] as const))('on every truncation and line deletion of %s', (_, source) => {
    fc.assert(
      fc.property(fc.nat({ max: source.length }), fc.array(fc.nat(), { maxLength: 4 }), (cut, picks) => {
        expectSound(source.slice(0, cut));
        expectSound(deleteLines(source, picks));
      }),
      { numRuns: 40 },
    );
  });
});

describe('format', () => {
  it.each(examples.map((e) => [e.name, e.source] as const))(
    'is idempotent and keeps the tree on variants of %s that still parse',
    (_, source) => {
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 3 }), (picks) => {
          const variant = deleteLines(source, picks);
          const first = parse(variant, 'v.flow');
          fc.pre(first.diagnostics.length === 0);
          const once = format(first.ast);
          const second = parse(once, 'v.flow');
          expect(second.diagnostics).toEqual([]);
          expect(format(second.ast)).toBe(once);
          expect(withoutSpans(second.ast)).toEqual(withoutSpans(first.ast));
        }),
        { numRuns: 30 },
      );
    },
  );
});

describe('endpoints, calls, media, buttons and the new inputs (random well-formed files)', () => {
  it('parse without a diagnostic', () => {
    fc.assert(
      fc.property(effectsFile, (source) => {
        expect(parse(source, 'e.flow').diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('format keeps the tree (comments included) and formatting its output changes nothing', () => {
    fc.assert(
      fc.property(effectsFile, (source) => {
        const first = parse(source, 'e.flow');
        const once = format(first.ast);
        const second = parse(once, 'e.flow');
        expect(second.diagnostics).toEqual([]);
        expect(withoutSpans(second.ast)).toEqual(withoutSpans(first.ast));
        expect(format(second.ast)).toBe(once);
      }),
      { numRuns: 150 },
    );
  });

  it('never throw on every truncation of such a file', () => {
    fc.assert(
      fc.property(effectsFile, fc.nat(), (source, cut) => expectSound(source.slice(0, cut % (source.length + 1)))),
      { numRuns: 100 },
    );
  });
});

/** Every comment an AST keeps, in the order of a walk of the tree. */
function keptComments(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) keptComments(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'clauseComments') for (const list of Object.values(v as Record<string, string[]>)) found.push(...list);
      else if (key === 'comments' || key === 'endComments' || key === 'leadingComments' || key === 'trailingComments') found.push(...(v as string[]));
      else keptComments(v, found);
    }
  }
  return found;
}

/**
 * The places of the tagged comments of a formatted file that are not where their tag says: a
 * `# @<tag>` comment must be above (comments between) a line that starts with `<tag>`, and an
 * `# @ends` comment must end its declaration (indented by 2, then a blank line, the end of the
 * file or the next declaration: consecutive includes stay together).
 */
function misplaced(output: string): string[] {
  const lines = output.split('\n');
  const wrong: string[] = [];
  lines.forEach((line, i) => {
    const tag = /^(\s*)# @(\S+)/.exec(line);
    if (!tag || tag[2] === 'trailing') return;
    let next = i + 1;
    if (tag[2] === 'ends') {
      while (/^ {2}# @ends/.test(lines[next] ?? '')) next += 1;
      if (tag[1] !== '  ' || !/^(\S.*)?$/.test(lines[next] ?? '')) wrong.push(`${i + 1}: ${line} (then ${JSON.stringify(lines[next])})`);
      return;
    }
    while ((lines[next] ?? '').trim().startsWith('#')) next += 1;
    if (!(lines[next] ?? '').trim().startsWith(tag[2] as string)) wrong.push(`${i + 1}: ${line} (above ${JSON.stringify(lines[next])})`);
  });
  return wrong;
}

describe('comments in every place (random files of every declaration)', () => {
  it('parse without a diagnostic, every comment kept in the tree', () => {
    fc.assert(
      fc.property(everyCommentFile, (source) => {
        const { ast, diagnostics } = parse(source, 'c.flow');
        expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
        const written = lex(source, 'c.flow').comments.map((c) => c.image.slice(1).trimEnd());
        expect(keptComments(ast).sort()).toEqual(written.sort());
      }),
      { numRuns: 200 },
    );
  });

  it('format keeps each comment with its element, in order, and formatting its output changes nothing', () => {
    fc.assert(
      fc.property(everyCommentFile, (source) => {
        const first = parse(source, 'c.flow');
        const once = format(first.ast);
        const second = parse(once, 'c.flow');
        expect(second.diagnostics).toEqual([]);
        // The same comments, in the same order, in the same place of the tree.
        expect(withoutSpans(second.ast)).toEqual(withoutSpans(first.ast));
        expect(misplaced(once)).toEqual([]);
        expect(format(second.ast)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A condition made of `terms` comparisons joined by random `and` / `or`, with `depth` random
 * `not`s and parenthesised groups wrapped around random terms: the shapes an editor
 * plugin, a generator or a paste gone wrong can produce, from tiny to enormous.
 */
const bigCondition = fc
  .record({
    terms: fc.oneof(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 20_000 })),
    depth: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20_000 })),
    seed: fc.integer(),
  })
  .map(({ terms, depth, seed }) => {
    let state = seed >>> 0;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const parts = Array.from({ length: terms }, (_, i) => (i % 3 === 0 ? `v${i}` : `v${i} == "${i}"`));
    // Wrap the whole depth around one term, as `not`s or parentheses (what makes parsers recurse).
    const at = next() % terms;
    let wrapped = parts[at] as string;
    for (let k = 0; k < depth; k += 1) wrapped = next() % 2 === 0 ? `not ${wrapped}` : `(${wrapped})`;
    parts[at] = wrapped;
    const text = parts.reduce((acc, part) => `${acc} ${next() % 2 === 0 ? 'and' : 'or'} ${part}`);
    return { text, terms, depth };
  });

describe('parse stays bounded on huge and deep input', () => {
  it('a condition of any size or depth parses, or is one FLOW1106 exactly when it passes a limit', () => {
    fc.assert(
      fc.property(bigCondition, ({ text, terms, depth }) => {
        const source = `bot b\n  languages: en "English"\n  start: r\n\nbranch r\n  when ${text} -> r\n  else -> r\n`;
        const { diagnostics } = parse(source, 'big.flow');
        const tooLarge = terms > MAX_CONDITION_TERMS || depth > MAX_CONDITION_DEPTH;
        expect(diagnostics.map((d) => d.code)).toEqual(tooLarge ? ['FLOW1106'] : []);
      }),
      { numRuns: 60 },
    );
  });

  it('random bytes of any length: never throws, at most one diagnostic per 100 and a count', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 10_000, maxLength: 300_000 })), (bytes) => {
        const text = Buffer.from(bytes).toString('utf8');
        const { diagnostics } = parse(text, 'bytes.flow');
        expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE + 1);
        expect(diagnostics.map((d) => d.code)).not.toContain('FLOW1199');
        if (text.includes('\u0000') || text.includes('\ufffd')) expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1004']);
      }),
      { numRuns: 40 },
    );
  });

  it('long files of .flow pieces repeated: at most 100 diagnostics and one count per file', () => {
    fc.assert(
      fc.property(flowish, fc.integer({ min: 1, max: 3_000 }), (piece, times) => {
        const source = `${piece}\n`.repeat(times);
        const { diagnostics } = parse(source, 'long.flow');
        expect(diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE + 1);
        expect(diagnostics.filter((d) => d.code === 'FLOW1900').length).toBeLessThanOrEqual(1);
        expect(diagnostics.map((d) => d.code)).not.toContain('FLOW1199');
      }),
      { numRuns: 40 },
    );
  });
});
