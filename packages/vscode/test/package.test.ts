/**
 * The .vsix is built the way a release would build it (scripts/package.mjs: esbuild, then
 * `vsce package --no-dependencies`) — without network access where the machine can take it away
 * (`unshare -n`) — and its contents are what VS Code needs and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXTENSION_DIR } from './support/grammar.js';
import { readZip } from './support/zip.js';

const scratch = mkdtempSync(join(tmpdir(), 'samvad-vsix-'));
const vsix = join(scratch, 'samvad.vsix');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `unshare -n` runs a command in a network namespace with no interface but loopback (down). */
const offline = spawnSync('unshare', ['-n', 'true']).status === 0;
let entries: Map<string, () => Buffer>;
let packOutput = '';

beforeAll(() => {
  const command = [process.execPath, join(EXTENSION_DIR, 'scripts/package.mjs'), '--out', vsix];
  const ran = offline
    ? spawnSync('unshare', ['-n', ...command], { encoding: 'utf8', timeout: 120_000 })
    : spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', timeout: 120_000 });
  packOutput = `${ran.stdout}${ran.stderr}`;
  expect(ran.status, packOutput).toBe(0);
  entries = readZip(vsix);
}, 180_000);

const text = (name: string): string => {
  const read = entries.get(name);
  if (read === undefined) throw new Error(`${name} is not in the .vsix: ${[...entries.keys()].join(', ')}`);
  return read().toString('utf8');
};

describe('the .vsix', () => {
  test(`is packed by scripts/package.mjs${offline ? ' with no network' : ''}, which prints its path last`, () => {
    expect(packOutput.trim().split('\n').at(-1)).toBe(vsix);
    if (!offline) console.log('unshare -n is not available here: packed with the network present');
  });

  test('holds the manifest, the bundled client, grammar, language configuration, licence and README — and no sources or node_modules', () => {
    expect([...entries.keys()].sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/flow.tmLanguage.json',
    ]);
  });

  test("its package.json points at files that are in it, and contributes the samvad language for .flow", () => {
    const manifest = JSON.parse(text('extension/package.json')) as {
      main: string;
      engines: { vscode: string };
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
        commands: { command: string }[];
        configuration: { properties: Record<string, { default: unknown }> };
      };
    };
    const inside = (path: string) => `extension/${path.replace(/^\.\//, '')}`;
    expect(entries.has(inside(manifest.main))).toBe(true);
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'samvad', extensions: ['.flow'] });
    expect(entries.has(inside(language?.configuration ?? ''))).toBe(true);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'samvad', scopeName: 'source.flow' });
    expect(entries.has(inside(grammar?.path ?? ''))).toBe(true);
    expect(JSON.parse(text(inside(grammar?.path ?? ''))).scopeName).toBe('source.flow');
    expect(manifest.contributes.commands.map((c) => c.command)).toEqual(['samvad.restartServer', 'samvad.showOutput']);
    expect(manifest.contributes.configuration.properties['samvad.server.args']?.default).toEqual(['lsp']);
  });

  test('the client is one CommonJS file that needs only vscode and Node built-ins (the .vsix has no node_modules)', () => {
    const bundle = text('extension/dist/extension.js');
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect([...required].filter((m) => m !== 'vscode' && !builtins.has(m))).toEqual([]);
    expect(required.has('vscode')).toBe(true);
    expect(bundle).toMatch(/\bactivate\b/);
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
    // The client starts `samvad lsp`: the default arguments and the setting are read at run time.
    expect(bundle).toContain('samvad.server');
  });

  test('the marketplace manifest names the publisher, licence, repository and README', () => {
    const manifest = text('extension.vsixmanifest');
    expect(manifest).toMatch(/<Identity [^>]*Id="samvad-vscode"[^>]*Publisher="samvad"/);
    expect(manifest).toContain('https://github.com/samvad/samvad');
    expect(manifest).toContain('extension/LICENSE.txt');
    expect(manifest).toContain('extension/readme.md');
    expect(text('extension/readme.md')).toContain('samvad.server.command');
    expect(text('extension/LICENSE.txt')).toMatch(/^MIT License/);
  });
});
