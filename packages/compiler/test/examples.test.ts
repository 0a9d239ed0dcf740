import { formatSource } from '@samvad/dsl';
import type { Graph } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { compile, diagnosticsToJson, nodeHost, renderDiagnostics } from '../src/index.js';
import type { CompilerHost } from '../src/index.js';
import { exampleRoots, fromRepo } from './support/examples.js';

const roots = exampleRoots().map((path) => [fromRepo(path), path] as const);

function withoutSourceMap(graph: Graph | undefined): unknown {
  if (graph === undefined) return undefined;
  const { sourceMap: _sourceMap, ...rest } = graph;
  return rest;
}

/** The disk host, with one file's text replaced. */
function editedHost(path: string, edit: (text: string) => string): CompilerHost {
  const disk = nodeHost();
  return { resolve: disk.resolve, readFile: (p) => (p === path ? edit(disk.readFile(p) ?? '') : disk.readFile(p)) };
}

describe('examples and the real bot', () => {
  test.each(roots)('%s compiles with no diagnostics at all', (_name, path) => {
    const result = compile(path, nodeHost());
    expect(renderDiagnostics(result.diagnostics, result.sources, { color: false })).toBe('');
    expect(result.graph).toBeDefined();
  });

  test.each(roots)('%s: formatting every file does not change the compiled graph', (_name, path) => {
    const disk = nodeHost();
    const formatted: CompilerHost = {
      resolve: disk.resolve,
      readFile: (p) => {
        const text = disk.readFile(p);
        return text === undefined ? undefined : (formatSource(text, p).output ?? text);
      },
    };
    const before = compile(path, disk);
    const after = compile(path, formatted);
    expect(after.diagnostics).toEqual([]);
    expect(withoutSourceMap(after.graph)).toEqual(withoutSourceMap(before.graph));
    expect(after.graph?.hash).toBe(before.graph?.hash);
  });
});

describe('renaming a node definition in the real bot', () => {
  const root = exampleRoots().at(-1) as string;

  test('check fails with an unknown-target error at each reference to the old name', () => {
    const original = compile(root, nodeHost());
    const graph = original.graph as Graph;
    // A node that is the target of some option of another node, defined in the root file.
    const [name] = Object.entries(graph.nodes).find(
      ([id, node]) => graph.sourceMap[id]?.file === 'jalna-mitra.flow' && id !== graph.start && node.parent !== undefined,
    ) ?? [''];
    expect(name).not.toBe('');
    const at = graph.sourceMap[name] as { line: number; column: number };
    const rename = (text: string) => {
      const lines = text.split('\n');
      const line = lines[at.line - 1] ?? '';
      const column = [...line].slice(0, at.column - 1).join('').length;
      lines[at.line - 1] = `${line.slice(0, column)}${name}_renamed${line.slice(column + name.length)}`;
      return lines.join('\n');
    };
    const result = compile(root, editedHost(root, rename));
    const unknown = diagnosticsToJson(result.diagnostics, result.sources).filter((d) => d.code === 'FLOW2001');
    expect(unknown.length).toBeGreaterThan(0);
    for (const d of unknown) {
      expect(d.message).toBe(`unknown target \`${name}\``);
      const text = result.sources.get(result.diagnostics.find((x) => x.code === 'FLOW2001')?.span.file ?? '') ?? '';
      const lineText = [...(text.split('\n')[d.line - 1] ?? '')];
      expect(lineText.slice(d.column - 1, d.endColumn - 1).join('')).toBe(name);
      expect(lineText.slice(0, d.column - 1).join('')).toMatch(/->\s*$|start:\s*$/);
    }
    expect(unknown[0]?.file.endsWith('.flow')).toBe(true);
  });
});
