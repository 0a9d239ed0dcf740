import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSourceProvider } from '@samvad/runtime';
import { runChat } from '../src/index.js';
import { scriptChat } from './support/script-chat.js';
import type { RunChatOptions, TranscriptTurn } from '../src/index.js';
import { compileFlow } from '../src/load/compile.js';

const BOT = join(import.meta.dirname, 'fixtures', 'mini', 'bot.flow');
const NOW = () => 1_700_000_000_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-chat-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const latestGr: DataSourceProvider = async (params) =>
  Array.from({ length: Number(params['limit'] ?? '1') }, (_, i) => ({
    id: `gr${i + 1}`,
    fields: { title: `शासन निर्णय क्र. ${i + 1}`, date: `0${i + 1}-11-2026`, url: `https://gr.maharashtra.gov.in/${i + 1}.pdf` },
  }));

/** Runs `runChat` in-process with `lines` as the script file; returns exit code and output. */
const chat = (lines: readonly string[], options: Partial<RunChatOptions> = {}) => scriptChat(BOT, dir, lines, { now: NOW, ...options });

describe('runChat in script mode', () => {
  it('shows a data source’s rows as a list and binds the chosen row', async () => {
    const { code, out, err } = await chat(['# the latest GRs', '3', '2'], { providers: { latest_gr: latestGr } });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('you: 3\nbot: नवे शासन निर्णय — एक निवडा:\n\n     ☰ पर्याय पहा\n       1 शासन निर्णय क्र. 1\n         01-11-2026');
    expect(out).toContain('you: 2\nbot: 📄 *शासन निर्णय क्र. 2*\n\n     📎 PDF: https://gr.maharashtra.gov.in/2.pdf');
  });

  it('takes the fallback when the data source fails', async () => {
    const failing: DataSourceProvider = async () => {
      throw new Error('site down');
    };
    const { code, out } = await chat(['3'], { providers: { latest_gr: failing } });
    expect(code).toBe(0);
    expect(out).toContain('bot: शासन निर्णय आत्ता मिळू शकले नाहीत. नंतर पुन्हा प्रयत्न करा.');
  });

  it('prints a JSON transcript in the language asked for', async () => {
    const { code, out } = await chat(['1', '2'], { json: true, lang: 'en' });
    expect(code).toBe(0);
    const turns = JSON.parse(out) as TranscriptTurn[];
    expect(turns.map((t) => t.node)).toEqual(['home', 'services', 'health']);
    expect(turns.every((t) => t.language === 'en')).toBe(true);
    expect(turns[2]?.outbound[0]).toEqual({ kind: 'page', text: 'District hospital, Jalna', bullets: [], links: [] });
  });

  it('runs a compiled graph .json as well as a .flow', async () => {
    const compiled = compileFlow(BOT);
    if (!compiled.ok) throw new Error(compiled.rendered);
    const graphFile = join(dir, 'mini.json');
    writeFileSync(graphFile, JSON.stringify(compiled.graph));
    const { code, out } = await chat(['2'], { source: graphFile });
    expect(code).toBe(0);
    expect(out).toContain('you: 2\nbot: ताजे शासन निर्णय gr.maharashtra.gov.in वर पहा.');
  });

  it('refuses an unknown language and a missing script (usage, 2) and a broken graph (1) with clear messages', async () => {
    expect(await chat(['1'], { lang: 'fr' })).toMatchObject({ code: 2, out: '', err: 'samvad chat: unknown language `fr`; this bot speaks mr, en\n' });
    const missing = await chat([], { script: join(dir, 'nope.txt') });
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toMatch(/script file `.*nope\.txt` does not exist/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": 99}');
    const broken = await chat(['1'], { source: bad });
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('graph format 99 is newer than this runtime reads');
  });

  it('asks for --script when the interactive simulator has no terminal', async () => {
    const stdin = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const code = await runChat({ source: BOT, providers: {}, stdin, stdout: new PassThrough(), stderr });
    expect(code).toBe(2);
    expect(err).toContain('the interactive simulator needs a terminal; use --script -');
  });
});
