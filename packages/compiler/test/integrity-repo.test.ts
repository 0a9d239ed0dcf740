/**
 * Every bot in the repository compiles to a graph that passes the runtime's integrity check (the
 * compiler validates what it emits, so a broken reference would be FLOW9001): flows/, examples/
 * and the .flow fixtures of the CLI, terminal and compiler tests.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkIntegrity } from '@samvad/runtime';
import { compile, nodeHost } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FOLDERS = ['flows', 'examples', 'packages/cli/test/fixtures', 'packages/terminal/test/fixtures', 'packages/compiler/test/fixtures'];

function flowsUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.flow'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const files = FOLDERS.flatMap(flowsUnder);

describe('every .flow in the repository', () => {
  test('there are many of them', () => expect(files.length).toBeGreaterThan(50));

  test.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s: no internal error; its graph, if any, passes integrity', (_name, file) => {
    const result = compile(file, nodeHost());
    expect(result.diagnostics.filter((d) => d.code === 'FLOW9001' || d.code === 'FLOW9002')).toEqual([]);
    if (result.graph !== undefined) expect(checkIntegrity(result.graph)).toEqual([]);
  });
});
