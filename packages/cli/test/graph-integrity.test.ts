/**
 * `samvad validate` (and every command that loads a graph.json) refuses a graph whose references
 * are broken, naming the JSON pointer and the missing id, instead of "✓ valid graph".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/in-process.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'samvad-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const samvad = (args: readonly string[]) => runInProcess(dir, args);
let compiled: Record<string, any>;

beforeAll(async () => {
  const result = await samvad(['compile', join(ROOT, 'examples/hello.flow'), '-o', 'hello.json']);
  expect(result.code).toBe(0);
  compiled = JSON.parse(readFileSync(join(dir, 'hello.json'), 'utf8')) as Record<string, any>;
});

/** Writes a copy of the compiled graph changed by `edit` and returns its file name. */
function variant(name: string, edit: (graph: Record<string, any>) => void): string {
  const copy = JSON.parse(JSON.stringify(compiled)) as Record<string, any>;
  edit(copy);
  writeFileSync(join(dir, name), JSON.stringify(copy));
  return name;
}

describe('samvad validate checks integrity after the schema', () => {
  it('accepts the compiled graph', async () => {
    const result = await samvad(['validate', 'hello.json']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^✓ hello\.json: valid graph `hello`/);
  });

  it('refuses a start node that does not exist', async () => {
    const file = variant('start.json', (g) => (g['start'] = 'nowhere'));
    const result = await samvad(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.out).toBe('✗ start.json: not a valid graph\n  /start: no node "nowhere"\n');
  });

  it('refuses an option pointing at a missing node, naming the option', async () => {
    const file = variant('target.json', (g) => (g['nodes']['home']['options'][1]['target'] = 'nowhere'));
    const result = await samvad(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('  /nodes/home/options/1/target: no node "nowhere"\n');
  });

  it('refuses a text missing in a declared language', async () => {
    const file = variant('text.json', (g) => delete g['nodes']['home']['text']['hi']);
    const result = await samvad(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('  /nodes/home/text: no "hi" text (every declared language needs one)\n');
  });

  it('refuses a device or a FIFO at once without reading it, and never quotes a file that is not JSON', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    expect(await samvad(['validate', '/dev/zero'])).toMatchObject({ code: 2, err: 'samvad: cannot read /dev/zero: not a regular file (a device, pipe or socket)\n' });
    expect(await samvad(['validate', 'pipe.json'])).toMatchObject({ code: 2, err: 'samvad: cannot read pipe.json: not a regular file (a device, pipe or socket)\n' });
    writeFileSync(join(dir, 'env.json'), 'WHATSAPP_ACCESS_TOKEN=EAAGsecret\n');
    const env = await samvad(['validate', 'env.json']);
    expect(env).toMatchObject({ code: 1, out: '✗ env.json: not a valid graph\n  the graph is not valid JSON (it is not JSON text)\n' });
  });
});
