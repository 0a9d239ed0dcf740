import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_DIAGNOSTICS_PER_FILE } from '@samvad/dsl';
import { compile, memoryHost, renderDiagnostics, diagnosticsToJson } from '../src/index.js';
import { exampleRoots } from './support/examples.js';

const internal = (codes: readonly string[]) => codes.filter((c) => c.startsWith('FLOW9') || c === 'FLOW1199');

/** Compiles one text; returns the codes, after rendering them both ways (renderers must not throw either). */
function compileAndRender(text: string): string[] {
  const result = compile('main.flow', memoryHost({ 'main.flow': text }));
  renderDiagnostics(result.diagnostics, result.sources, { color: true });
  diagnosticsToJson(result.diagnostics, result.sources);
  return result.diagnostics.map((d) => d.code);
}

const examples = exampleRoots().map((path) => readFileSync(path, 'utf8'));

describe('compile never throws and never fails internally', () => {
  test('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(internal(compileAndRender(text))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('on random truncations of the examples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.nat(), (text, cut) => {
        expect(internal(compileAndRender(text.slice(0, cut % (text.length + 1))))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('on the examples with random lines deleted', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (text, picks) => {
        const lines = text.split('\n');
        const drop = new Set(picks.map((p) => p % lines.length));
        expect(internal(compileAndRender(lines.filter((_, i) => !drop.has(i)).join('\n')))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

/** Compiles one text and renders it both ways; what an author would get from `samvad compile`. */
function compileBig(text: string): { codes: string[]; rendered: string; json: string } {
  const result = compile('big.flow', memoryHost({ 'big.flow': text }));
  const rendered = renderDiagnostics(result.diagnostics, result.sources, { color: false });
  const json = JSON.stringify(diagnosticsToJson(result.diagnostics, result.sources));
  return { codes: result.diagnostics.map((d) => d.code), rendered, json };
}

const header = 'bot b\n  languages: en "English"\n  start: n0\n\n';
const noun = fc.constantFrom('goto', 'branch', 'page', 'menu', 'call');
const endpoint = 'endpoint e\n  url: env E_URL\n  secret: env E_SECRET\n  sends: a\n  answers: r\n\n';

/** A bot of `count` nodes of one kind, each leading to the next: a chain, or a cycle back to the first. */
const longBot = fc.record({ kind: noun, count: fc.integer({ min: 1, max: 30_000 }), cycle: fc.boolean() }).map(({ kind, count, cycle }) => {
  const lines: string[] = [header, kind === 'call' ? endpoint : ''];
  for (let i = 0; i < count; i += 1) {
    const to = i + 1 < count ? `n${i + 1}` : cycle ? 'n0' : 'missing';
    if (kind === 'goto') lines.push(`goto n${i} -> ${to}\n`);
    else if (kind === 'branch') lines.push(`branch n${i}\n  when x == "${i}" -> ${to}\n  else -> ${to}\n`);
    else if (kind === 'page') lines.push(`page n${i}\n  text: "Page {y}"\n  then -> ${to}\n`);
    else if (kind === 'call') lines.push(`call n${i}\n  endpoint: e\n  send:\n    a: "{y}"\n  receive:\n    r -> y\n  then -> ${to}\n  fallback -> ${to}\n`);
    else lines.push(`menu n${i}\n  text: "Menu"\n  option o -> ${to}\n    "Next"\n  option p -> nowhere${i}\n    "Lost"\n`);
  }
  return lines.join('');
});

/** A branch whose one condition is `terms` long and `depth` deep. */
const deepBot = fc
  .record({ terms: fc.integer({ min: 1, max: 20_000 }), depth: fc.integer({ min: 0, max: 20_000 }) })
  .map(({ terms, depth }) => {
    const chain = Array.from({ length: terms }, (_, i) => `x == "${i}"`).join(' and ');
    const condition = `${'not ('.repeat(depth)}${chain}${')'.repeat(depth)}`;
    return `${header}branch n0\n  when ${condition} -> p\n  else -> p\n\npage p\n  text: "Done"\n  then -> n0\n`;
  });

function expectBounded({ codes, rendered, json }: { codes: string[]; rendered: string; json: string }): void {
  expect(internal(codes)).toEqual([]);
  expect(codes.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS_PER_FILE + 1);
  // 101 diagnostics of a few lines each: tens of kilobytes, whatever the size of the input.
  expect(rendered.length).toBeLessThan(100_000);
  expect(json.length).toBeLessThan(200_000);
  expect(rendered).not.toMatch(/\n\s+at \S+ \(/);
}

describe('compile stays bounded on huge, deep and binary input (no stack overflow, no flood of output)', () => {
  test('long chains and cycles of gotos, branches, pages, menus and calls', () => {
    fc.assert(fc.property(longBot, (text) => expectBounded(compileBig(text))), { numRuns: 12 });
  });

  test('conditions with thousands of terms or levels', () => {
    fc.assert(fc.property(deepBot, (text) => expectBounded(compileBig(text))), { numRuns: 12 });
  });

  test('random bytes up to a megabyte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 1 << 20, size: 'max' }), (bytes) => {
        const result = compileBig(Buffer.from(bytes).toString('utf8'));
        expectBounded(result);
      }),
      { numRuns: 8 },
    );
  });

  test('an include chain thousands of files deep is read in order, without overflowing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (depth) => {
        const files: Record<string, string> = {
          'main.flow': 'include "f0.flow"\nbot b\n  languages: en "English"\n  start: n0\n\nmenu n0\n  text: "Hi"\n  option a -> n0\n    "A"\n',
        };
        for (let i = 0; i < depth; i += 1) files[`f${i}.flow`] = i + 1 < depth ? `include "f${i + 1}.flow"\n` : `page p\n  text: "Deep"\n  then home\n`;
        const result = compile('main.flow', memoryHost(files));
        expect(internal(result.diagnostics.map((d) => d.code))).toEqual([]);
        expect([...result.sources.keys()]).toEqual(['main.flow', ...Array.from({ length: depth }, (_, i) => `f${i}.flow`)]);
      }),
      { numRuns: 4 },
    );
  });

  test('thousands of problems of every kind in one file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 101, max: 20_000 }), (count) => {
        const bad = Array.from({ length: count }, (_, i) => `goto g${i} -> nowhere${i}\npage p${i}\n  text: "{unset${i}}"\n  then -> g${i}\n`).join('');
        const result = compileBig(`${header}menu n0\n  text: "Hi"\n  option a -> g0\n    "A"\n${bad}`);
        expectBounded(result);
        expect(result.codes[result.codes.length - 1]).toBe('FLOW1900');
      }),
      { numRuns: 4 },
    );
  });
});

/** A page with one button and one image: label and caption of a given length in Marathi and English, an address of some form. */
const mediaPage = fc.record({
  label: fc.integer({ min: 1, max: 40 }),
  caption: fc.integer({ min: 0, max: 1100 }),
  url: fc.constantFrom('https://jalna.gov.in/a.png', 'http://jalna.gov.in/a.png', '{link}', 'https://jalna.gov.in/{file}.png', 'ftp://jalna.gov.in/a.png', 'jalna.gov.in', ''),
  mediaType: fc.constantFrom('image', 'document', 'video'),
  letter: fc.constantFrom('a', 'अ', '😀'),
});

describe('media and button blocks', () => {
  test('the label and caption limits hold exactly (20 and 1024 code points), whatever the address; nothing fails internally', () => {
    fc.assert(
      fc.property(mediaPage, ({ label, caption, url, mediaType, letter }) => {
        const text = (n: number) => letter.repeat(n);
        const flow =
          'bot b\n  languages: mr "मराठी", en "English"\n  start: home\n\nmenu home\n  text:\n    mr: "अ"\n    en: "A"\n' +
          '  option go -> p\n    mr: "पुढे"\n    en: "Next"\n    set link = "https://a.in"\n    set file = "f"\n\n' +
          `page p\n  text:\n    mr: "माहिती"\n    en: "Information"\n  button "${url}":\n    mr: "${text(label)}"\n    en: "ok"\n` +
          `  ${mediaType} "${url}":\n${caption === 0 ? '' : `    mr: "ok"\n    en: "${text(caption)}"\n`}  then back\n`;
        const codes = compileAndRender(flow);
        expect(internal(codes)).toEqual([]);
        expect(codes.includes('FLOW6008')).toBe(label > 20);
        expect(codes.includes('FLOW6007')).toBe(caption > 1024);
        expect(codes.includes('FLOW7005')).toBe(!url.startsWith('https://') && !url.startsWith('{'));
      }),
      { numRuns: 150 },
    );
  });
});
