/**
 * Includes stay inside the root file's folder (after resolving links), are regular `.flow` files
 * under 16 MiB, and a refused file is never read nor quoted: real files, links, a FIFO and devices.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { compile, memoryHost, nodeHost, renderDiagnostics } from '../src/index.js';
import type { CompilerHost } from '../src/index.js';
import { MAX_FLOW_BYTES } from '../src/includes.js';

const scratch = mkdtempSync(join(tmpdir(), 'samvad-includes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A secret that must never appear in a diagnostic. */
const SECRET = 'WHATSAPP_APP_SECRET=s3cr3t-value-0042';

const BOT = `bot demo
  languages: en "English"
  start: home

menu home
  text: "Main menu"
  option info -> info
    en: "Information"

page info
  text: "Information"
  then back
`;

const bot = mkdirSync(join(scratch, 'bot', 'departments'), { recursive: true }) ?? join(scratch, 'bot');
const root = join(bot, 'main.flow');
writeFileSync(join(scratch, 'secret.env'), `${SECRET}\n`);
writeFileSync(join(scratch, 'outside.flow'), `# ${SECRET}\npage outside\n  text: "x"\n  then back\n`);
writeFileSync(join(bot, 'secret.txt'), `${SECRET}\n`);
writeFileSync(join(bot, 'departments', 'revenue.flow'), 'include "../shared.flow"\npage revenue\n  text: "Revenue"\n  then back\n');
writeFileSync(join(bot, 'shared.flow'), 'page shared\n  text: "Shared"\n  then back\n');
symlinkSync(join(scratch, 'secret.env'), join(bot, 'env.flow'));
symlinkSync('/proc/self/environ', join(bot, 'environ.flow'));
symlinkSync('/dev/zero', join(bot, 'zero.flow'));
symlinkSync(join(bot, 'secret.txt'), join(bot, 'secret-link.flow'));
symlinkSync(join(bot, 'departments'), join(bot, 'dept-link'));
execFileSync('mkfifo', [join(bot, 'pipe.flow')]);
const big = openSync(join(bot, 'big.flow'), 'w');
ftruncateSync(big, MAX_FLOW_BYTES + 1); // sparse: no disk used
closeSync(big);

/** nodeHost, recording every path it was asked to read. */
function recordingHost(): { host: CompilerHost; reads: string[] } {
  const inner = nodeHost();
  const reads: string[] = [];
  return { reads, host: { ...inner, readFile: (path) => (reads.push(path), inner.readFile(path)) } };
}

/** Compiles `main.flow` with one include line, returning the refusal and what was read. */
function withInclude(written: string) {
  writeFileSync(root, `include "${written}"\n${BOT}`);
  const { host, reads } = recordingHost();
  const result = compile(root, host);
  const text = renderDiagnostics(result.diagnostics, result.sources, { color: false, cwd: bot });
  return { result, reads, text, codes: result.diagnostics.map((d) => d.code) };
}

describe('includes a bot may not read are refused before reading (FLOW2010)', () => {
  test.each([
    ['/proc/self/environ', 'an include path must be relative to the including file'],
    ['/dev/zero', 'an include path must be relative to the including file'],
    ['../../etc/passwd', 'only `.flow` files can be included'],
    ['secret.txt', 'only `.flow` files can be included'],
    ['../outside.flow', "it is outside the bot's folder (the folder of the root file)"],
    ['departments/../../outside.flow', "it is outside the bot's folder (the folder of the root file)"],
    ['env.flow', "it is a link to a file outside the bot's folder"],
    ['environ.flow', "it is a link to a file outside the bot's folder"],
    ['zero.flow', "it is a link to a file outside the bot's folder"],
    ['secret-link.flow', 'it is a link to a file that is not a `.flow` file'],
    ['pipe.flow', 'it is not a regular file (a folder, device, pipe or socket)'],
    ['big.flow', 'it is larger than 16 MiB, the most a flow file may be'],
  ])('include "%s"', (written, reason) => {
    const { reads, text, codes } = withInclude(written);
    expect(codes).toEqual(['FLOW2010']);
    expect(text).toContain(`error[FLOW2010]: included file \`${written}\` is refused: ${reason}`);
    expect(text).toContain(` --> main.flow:1:9\n`);
    expect(reads).toEqual([root]);
    expect(text).not.toContain('s3cr3t');
  });

  test('includes inside the folder still work: subfolders, `..` back into the folder, a linked subfolder', () => {
    const { result } = withInclude('dept-link/revenue.flow');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Object.keys(result.graph?.nodes ?? {})).toEqual(expect.arrayContaining(['revenue', 'shared']));
  });

  test('a root file that is not a regular .flow file is refused without reading it', () => {
    const { host, reads } = recordingHost();
    for (const file of [join(bot, 'pipe.flow'), join(bot, 'zero.flow'), join(bot, 'secret.txt'), join(bot, 'big.flow')]) {
      const result = compile(file, host);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['FLOW2010']);
      expect(result.sources.size).toBe(0);
    }
    expect(reads).toEqual([]);
  });

  test('a host without a file system (memoryHost) still refuses by path: absolute, not .flow, outside', () => {
    const files = { 'bot/main.flow': `include "../up.flow"\ninclude "/abs.flow"\ninclude "notes.txt"\n${BOT}`, 'up.flow': 'x', 'notes.txt': SECRET };
    const result = compile('bot/main.flow', memoryHost(files));
    expect(result.diagnostics.map((d) => [d.code, d.primaryLabel])).toEqual([
      ['FLOW2010', "outside the bot's folder"],
      ['FLOW2010', 'absolute path'],
      ['FLOW2010', 'not a .flow file'],
    ]);
    expect([...result.sources.keys()]).toEqual(['bot/main.flow']);
  });

  test('nodeHost.readFile reads a FIFO, device or over-large file as unreadable, at once', () => {
    const host = nodeHost();
    expect(host.readFile(join(bot, 'pipe.flow'))).toBeUndefined();
    expect(host.readFile('/dev/zero')).toBeUndefined();
    expect(host.readFile(join(bot, 'big.flow'))).toBeUndefined();
    expect(host.readFile(join(bot, 'shared.flow'))).toContain('page shared');
  });
});
