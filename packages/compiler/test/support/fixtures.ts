import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compile, nodeHost, renderDiagnostics } from '../../src/index.js';

/** The folder of golden fixtures: `<CODE>-<slug>/input.flow` (+ included files) and `expected.txt`. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Names of every fixture folder, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(FIXTURES, e.name, 'input.flow')))
    .map((e) => e.name)
    .sort();
}

/** What the CLI would print for a fixture: its diagnostics, paths relative to the fixture folder, no colour. */
export function renderFixture(name: string): string {
  const dir = join(FIXTURES, name);
  const result = compile(join(dir, 'input.flow'), nodeHost());
  const text = renderDiagnostics(result.diagnostics, result.sources, { color: false, cwd: dir });
  return text === '' ? 'no problems\n' : text;
}

/** The stored expected output, or `undefined` when there is none yet. */
export function expectedOf(name: string): string | undefined {
  const path = join(FIXTURES, name, 'expected.txt');
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Writes a fixture's expected output (`UPDATE_GOLDEN=1`). */
export function writeExpected(name: string, text: string): void {
  writeFileSync(join(FIXTURES, name, 'expected.txt'), text);
}
