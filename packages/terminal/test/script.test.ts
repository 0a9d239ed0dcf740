import { describe, expect, it } from 'vitest';
import { renderTranscript } from '../src/index.js';
import { isSkippedLine, runScript } from '../src/script/run-script.js';
import { fakeEngine } from './support/fake-engine.js';

describe('script mode', () => {
  it('skips blank lines and `# ` comments but sends a lone `#` (a common back word)', () => {
    expect(isSkippedLine('')).toBe(true);
    expect(isSkippedLine('   ')).toBe(true);
    expect(isSkippedLine('# open the services menu')).toBe(true);
    expect(isSkippedLine('#')).toBe(false);
    expect(isSkippedLine('1')).toBe(false);
  });

  it('plays user lines and prints you/bot blocks as each turn happens', async () => {
    const printed: string[] = [];
    const turns = await runScript(fakeEngine(), ['# start', '', '1', '2'], { onTurn: (t) => printed.push(t) });
    expect(turns.map((t) => t.node)).toEqual(['home', 'services', 'health']);
    expect(printed.join('')).toBe(
      [
        'bot: नमस्कार 🙏 पर्याय निवडा:',
        '',
        '     [ 1 जालना मित्र ]  [ 2 शासन निर्णय ]  [ 3 सर्व सेवा ]',
        '',
        'you: 1',
        'bot: विभाग निवडा:',
        '',
        '     ☰ पर्याय पहा',
        '       1 महसूल',
        '         दाखले',
        '       2 आरोग्य',
        '         रुग्णालये',
        '',
        'you: 2',
        'bot: आरोग्य विभाग',
        '',
        '',
      ].join('\n'),
    );
    expect(renderTranscript(turns)).toBe(printed.join('').replace(/\n\n$/, '\n'));
  });

  it('runs simulator commands from the script and notes them in the transcript', async () => {
    const turns = await runScript(fakeEngine(), ['/lang en', '1', '/reset', '/quit', '2']);
    expect(turns.map((t) => [t.node, t.language])).toEqual([
      ['home', 'mr'],
      ['home', 'en'],
      ['services', 'en'],
      ['home', 'en'],
    ]);
    expect(turns[1]?.notices).toEqual(['language: en']);
    expect(turns[3]?.notices).toEqual(['session reset']);
    expect(renderTranscript(turns)).toContain('-- language: en\nbot: Welcome 🙏 Choose an option:');
  });

  it('fails with the reason when a script names an unknown language', async () => {
    await expect(runScript(fakeEngine(), ['/lang fr'])).rejects.toThrow('unknown language `fr`; this bot speaks mr, en');
  });
});
