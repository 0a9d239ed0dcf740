/** Runs `runChat` in-process on a script file of `lines` (written in `dir`); its exit code and output. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runChat } from '../../src/index.js';
import type { RunChatOptions } from '../../src/index.js';

/** What a scripted chat printed and how it ended. */
export interface ScriptedChat {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `source` and `dir` first; `options` (providers, lang, json…) override the defaults (no providers, a fixed clock). */
export async function scriptChat(source: string, dir: string, lines: readonly string[], options: Partial<RunChatOptions> = {}): Promise<ScriptedChat> {
  const script = join(dir, 'script.txt');
  writeFileSync(script, `${lines.join('\n')}\n`);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await runChat({ source, script, providers: {}, now: () => 1_700_000_000_000, stdout, stderr, ...options });
  return { code, out, err };
}
