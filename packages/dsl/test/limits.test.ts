import { describe, expect, it } from 'vitest';
import {
  MAX_CONDITION_DEPTH, MAX_CONDITION_TERMS, MAX_DIAGNOSTICS_PER_FILE, capDiagnostics, diagnostic, format, hiddenCounts, parse,
  type BranchDecl, type Diagnostic, type Severity,
} from '../src/index.js';
import { textAt } from './helpers.js';

/** A bot whose branch `route` has `when <condition> -> done`, then a second, ordinary `when`. */
function withCondition(condition: string): string {
  return [
    'bot b',
    '  languages: en "English"',
    '  start: route',
    '',
    'branch route',
    `  when ${condition} -> done`,
    '  when other -> done',
    '  else -> done',
    '',
    'page done',
    '  text: "Done"',
    '  then home',
    '',
  ].join('\n');
}

const terms = (n: number, joiner = 'and') => Array.from({ length: n }, (_, i) => `x == "${i}"`).join(` ${joiner} `);
const parens = (n: number) => `${'('.repeat(n)}x${')'.repeat(n)}`;
const nots = (n: number) => `${'not '.repeat(n)}x`;

function codes(source: string): string[] {
  return parse(source, 'c.flow').diagnostics.map((d) => d.code);
}

function routeOf(source: string): BranchDecl {
  const decl = parse(source, 'c.flow').ast.decls.find((d) => d.kind === 'branch');
  if (decl?.kind !== 'branch') throw new Error('no branch');
  return decl;
}

describe('a condition too large to read is one FLOW1106, not a stack overflow', () => {
  it.each([
    ['10,000 `and` terms', terms(10_000), 'this condition has 10,000 terms; at most 100 are allowed'],
    ['10,000 `or` terms', terms(10_000, 'or'), 'this condition has 10,000 terms; at most 100 are allowed'],
    ['10,000 nested parentheses', parens(10_000), 'this condition nests 10,000 levels of parentheses and `not`; at most 32 are allowed'],
    ['10,000 `not`s', nots(10_000), 'this condition nests 10,000 levels of parentheses and `not`; at most 32 are allowed'],
    ['`not (` repeated 5,000 times', `${'not ('.repeat(5_000)}x${')'.repeat(5_000)}`, 'this condition nests 10,000 levels of parentheses and `not`; at most 32 are allowed'],
  ])('%s', (_, condition, message) => {
    const source = withCondition(condition);
    for (const result of [parse(source, 'c.flow')]) {
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['FLOW1106', message]]);
      // The `when` line is left out whole; the rest of the branch and the file are read.
      const route = result.ast.decls.find((d): d is BranchDecl => d.kind === 'branch');
      expect(route?.cases.map((c) => c.condition.kind)).toEqual(['isSet']);
      expect(route?.otherwise?.name).toBe('done');
      expect(result.ast.decls.map((d) => d.kind)).toEqual(['bot', 'branch', 'page']);
    }
  });

  it('points at the term or the level that passed the limit', () => {
    const long = withCondition(terms(MAX_CONDITION_TERMS + 5));
    const [tooMany] = parse(long, 'c.flow').diagnostics;
    expect(textAt(long, tooMany?.span ?? { offset: 0, length: 0 })).toBe('x');
    expect(long.slice(0, tooMany?.span.offset).split('x == ').length - 1).toBe(MAX_CONDITION_TERMS);
    expect(tooMany?.primaryLabel).toBe('term 101');
    const deep = withCondition(parens(MAX_CONDITION_DEPTH + 3));
    const [tooDeep] = parse(deep, 'c.flow').diagnostics;
    expect(tooDeep?.span.offset).toBe(deep.indexOf('(') + MAX_CONDITION_DEPTH);
    expect(tooDeep?.primaryLabel).toBe('level 33 starts here');
  });

  it('accepts a condition exactly at the limits', () => {
    for (const condition of [terms(MAX_CONDITION_TERMS), parens(MAX_CONDITION_DEPTH), nots(MAX_CONDITION_DEPTH), `(${nots(MAX_CONDITION_DEPTH - 1)})`]) {
      const source = withCondition(condition);
      expect(codes(source)).toEqual([]);
      expect(routeOf(source).cases).toHaveLength(2);
      // The formatter walks the tree it is given: at the limit, it prints it back.
      expect(codes(format(parse(source, 'c.flow').ast))).toEqual([]);
    }
    expect(codes(withCondition(terms(MAX_CONDITION_TERMS + 1)))).toEqual(['FLOW1106']);
    expect(codes(withCondition(parens(MAX_CONDITION_DEPTH + 1)))).toEqual(['FLOW1106']);
    expect(codes(withCondition(nots(MAX_CONDITION_DEPTH + 1)))).toEqual(['FLOW1106']);
  });

  it('counts terms across groups, and depth by nesting, not by how many groups there are', () => {
    // 40 groups side by side, 3 terms each: 120 terms, but only 1 level deep.
    const groups = Array.from({ length: 40 }, (_, i) => `(a == "${i}" or b or not c)`).join(' and ');
    expect(parse(withCondition(groups), 'c.flow').diagnostics.map((d) => d.message)).toEqual([
      'this condition has 120 terms; at most 100 are allowed',
    ]);
    const many = Array.from({ length: 30 }, (_, i) => `not (a == "${i}")`).join(' or ');
    expect(codes(withCondition(many))).toEqual([]);
  });
});

describe('a file that is not text is one FLOW1004', () => {
  it('NUL bytes (an image, a PDF, UTF-16): one diagnostic at the start, the file not read further', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de', 'hex').toString('utf8');
    const { ast, diagnostics } = parse(png, 'logo.flow');
    expect(diagnostics.map((d) => [d.code, d.message, d.span.offset])).toEqual([
      ['FLOW1004', 'this is not a text .flow file: it contains NUL bytes', 0],
    ]);
    expect(ast.decls).toEqual([]);
    const utf16 = Buffer.from('\ufeffbot b\n', 'utf16le').toString('utf8');
    expect(codes(utf16)).toEqual(['FLOW1004']);
  });

  it('bytes that are not UTF-8 (a flow saved in a legacy encoding): points at the first one', () => {
    const latin1 = Buffer.concat([Buffer.from('bot b\n  languages: en "English"\n  start: home\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const text = latin1.toString('utf8');
    const { diagnostics } = parse(text, 'old.flow');
    expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1004']);
    expect(diagnostics[0]?.span.offset).toBe(text.indexOf('\ufffd'));
  });

  it('a megabyte of random bytes takes one diagnostic', () => {
    const bytes = Buffer.alloc(1 << 20);
    let seed = 42;
    for (let i = 0; i < bytes.length; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    expect(codes(bytes.toString('utf8'))).toEqual(['FLOW1004']);
  });
});

describe('at most MAX_DIAGNOSTICS_PER_FILE diagnostics per file, then one FLOW1900', () => {
  it('a megabyte of text that is no .flow gets 100 diagnostics and a count of the rest', () => {
    const junk = 'Hello @ world ; see https://example.org !\n'.repeat(25_000);
    const { diagnostics } = parse(junk, 'notes.flow');
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE + 1);
    const last = diagnostics[diagnostics.length - 1] as Diagnostic;
    expect(last.code).toBe('FLOW1900');
    expect(last.severity).toBe('error');
    expect(last.message).toMatch(/^and [\d,]+ more problems in this file \([\d,]+ errors\), not shown$/);
    const hidden = hiddenCounts(last);
    expect(hidden?.error).toBeGreaterThan(10_000);
    // The first one not shown comes right after the last one shown.
    expect(last.span.offset).toBeGreaterThan((diagnostics[MAX_DIAGNOSTICS_PER_FILE - 1] as Diagnostic).span.offset);
  });

  const d = (file: string, offset: number, severity: Severity): Diagnostic =>
    diagnostic({ code: 'FLOW0000', severity, message: `${severity} at ${offset}`, span: { file, offset, length: 1 } });

  it('keeps the most severe, in their order, per file; counts the rest by severity', () => {
    const many = [
      ...Array.from({ length: 5 }, (_, i) => d('a.flow', i, 'warning')),
      ...Array.from({ length: 4 }, (_, i) => d('a.flow', 10 + i, 'error')),
      d('b.flow', 0, 'info'),
      d('b.flow', 1, 'info'),
    ];
    const capped = capDiagnostics(many, 3);
    expect(capped.map((x) => `${x.span.file} ${x.code} ${x.message}`)).toEqual([
      'a.flow FLOW0000 error at 10',
      'a.flow FLOW0000 error at 11',
      'a.flow FLOW0000 error at 12',
      'a.flow FLOW1900 and 6 more problems in this file (1 error, 5 warnings), not shown',
      'b.flow FLOW0000 info at 0',
      'b.flow FLOW0000 info at 1',
    ]);
    expect(capped[3]?.severity).toBe('error');
    expect(capped[3]?.span.offset).toBe(0);
    expect(hiddenCounts(capped[3] as Diagnostic)).toEqual({ error: 1, warning: 5, info: 0 });
    // Capping again changes nothing: a FLOW1900 is not counted as one of the problems.
    expect(capDiagnostics(capped, 3)).toEqual(capped);
    // Few enough: untouched.
    expect(capDiagnostics(many, 100)).toEqual(many);
  });

  it('a FLOW1900 that hides only warnings is a warning: it never turns a pass into a failure', () => {
    const warnings = Array.from({ length: 5 }, (_, i) => d('a.flow', i, 'warning'));
    expect(capDiagnostics(warnings, 2).map((x) => x.severity)).toEqual(['warning', 'warning', 'warning']);
  });
});
