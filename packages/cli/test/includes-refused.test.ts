/**
 * `samvad check` / `compile` on a flow that includes a device, the process environment or a file
 * outside the bot's folder: FLOW2010 at the include line, at once, and nothing of the file quoted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'samvad-refused-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOT = `bot demo\n  languages: en "English"\n  start: home\n\nmenu home\n  text: "Main menu"\n  option info -> home\n    en: "Again"\n`;

describe('includes that leave the bot are refused by the CLI', () => {
  it.each(['/dev/zero', '/proc/self/environ', '../../../../../../etc/passwd', '../../../../../../proc/self/environ.flow'])('include "%s"', async (include) => {
    writeFileSync(join(dir, 'bot.flow'), `include "${include}"\n${BOT}`);
    for (const command of ['check', 'compile']) {
      const result = await runInProcess(dir, [command, 'bot.flow']);
      expect(result.code).toBe(1);
      const text = result.out + result.err;
      expect(text).toContain(`error[FLOW2010]: included file \`${include}\` is refused`);
      expect(text).toContain('--> bot.flow:1:9');
      expect(text).not.toMatch(/PATH=|HOME=|root:x:0/);
    }
  });
});
