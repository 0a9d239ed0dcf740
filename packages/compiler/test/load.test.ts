import { describe, expect, test } from 'vitest';
import { checkFiles, compile, memoryHost } from '../src/index.js';
import type { CompilerHost } from '../src/index.js';
import { bot, codes, compileFiles, menu, only, page, textAt } from './support/build.js';

/** A host that counts reads, to show each file is read once. */
function countingHost(files: Record<string, string>): { host: CompilerHost; reads: Map<string, number> } {
  const inner = memoryHost(files);
  const reads = new Map<string, number>();
  return {
    reads,
    host: {
      readFile: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inner.readFile(path);
      },
      resolve: inner.resolve,
    },
  };
}

describe('includes', () => {
  const files = {
    'main.flow': `include "departments/revenue.flow"\ninclude "departments/health.flow"\n${bot(
      menu('home', [
        ['rev', 'revenue', 'महसूल', 'Revenue'],
        ['health', 'health', 'आरोग्य', 'Health'],
      ]),
    )}`,
    'departments/revenue.flow': `include "shared.flow"\n${page('revenue', 'then -> office')}`,
    'departments/health.flow': `include "shared.flow"\ninclude "../main.flow"\n${page('health', 'then -> office')}`,
    'departments/shared.flow': `include "health.flow"\n${page('office')}`,
  };

  test('resolve relative to the including file; each file read once; cycles harmless', () => {
    const { host, reads } = countingHost(files);
    const result = compile('main.flow', host);
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.graph?.nodes ?? {}).sort()).toEqual(['health', 'home', 'office', 'revenue']);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect([...result.sources.keys()]).toEqual(['main.flow', 'departments/revenue.flow', 'departments/shared.flow', 'departments/health.flow']);
  });

  test('a missing include is reported at its `include` line and compiling goes on', () => {
    const result = compileFiles({ ...files, 'departments/revenue.flow': `include "sharde.flow"\n${page('revenue', 'then back')}` });
    const d = only(result, 'FLOW2008');
    expect(d.span.file).toBe('departments/revenue.flow');
    expect(textAt(result, d.span)).toBe('"sharde.flow"');
    expect(d.message).toBe('included file `sharde.flow` cannot be read');
  });

  test('a syntax error is reported alone, without follow-on check errors', () => {
    const broken = bot(`menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option info ->\n    mr: "माहिती"\n    en: "Information"\n\n${page('info')}`);
    const result = compileFiles({ 'main.flow': broken });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(codes(result).every((c) => c.startsWith('FLOW1'))).toBe(true);
    expect(result.graph).toBeUndefined();
  });

  test('a root file that cannot be read', () => {
    const result = compileFiles({}, 'nowhere.flow');
    expect(codes(result)).toEqual(['FLOW2008']);
    expect(result.diagnostics[0]?.message).toBe('cannot read `nowhere.flow`');
  });

  test('a host that throws becomes an internal-error diagnostic, not an exception', () => {
    const host: CompilerHost = {
      readFile: () => {
        throw new Error('disk on fire');
      },
      resolve: (_from, include) => include,
    };
    const result = compile('main.flow', host);
    expect(codes(result)).toEqual(['FLOW9002']);
    expect(result.diagnostics[0]?.notes[0]).toContain('disk on fire');
  });

  test('checkFiles checks each root and reports a shared file once', () => {
    const shared = 'page shared\n  text: "x"\n  then back\n';
    const rootA = `include "shared.flow"\n${bot(menu('home', [['a', 'shared', 'अ', 'A']]))}`;
    const { host, reads } = countingHost({ 'a.flow': rootA, 'b.flow': rootA, 'shared.flow': shared });
    const result = checkFiles(['a.flow', 'b.flow'], host);
    expect(result.diagnostics.filter((d) => d.code === 'FLOW3002')).toHaveLength(1);
    expect(reads.get('shared.flow')).toBe(1);
  });
});
