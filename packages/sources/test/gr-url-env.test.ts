/**
 * `SAMVAD_GR_URL`: operators point `maharashtra_gr` at a mirror or proxy, tests at a local
 * server. Checked through the real `samvad chat` and through the registry `serve` uses.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { grUrlFrom, liveProviders } from '../../cli/src/sources/registry.js';
import { startGrServer } from './helpers/gr-server.js';
import type { GrTestServer } from './helpers/gr-server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SAMVAD = resolve(ROOT, 'packages/cli/bin/samvad.js');

let server: GrTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `samvad chat <flow> --script - --sources live` with `env`, the user lines on standard input. */
function chat(lines: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [SAMVAD, 'chat', 'flows/jalna-mitra.flow', '--script', '-', '--sources', 'live', '--lang', 'en', '--no-watch'],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, out: `${stdout}${stderr}` }),
    );
    child.stdin?.end(lines);
  });
}

describe('SAMVAD_GR_URL', () => {
  it('samvad chat reads the GR listing from the address it gives', async () => {
    server = await startGrServer({ kind: 'page', fixture: 'gr-listing.html' });
    const { code, out } = await chat('2\n1\n', { SAMVAD_GR_URL: server.url });
    expect(code).toBe(0);
    expect(server.hits()).toBe(1);
    // The newest GR of the fixture, as the first GR of "Latest GRs" (after the website row).
    expect(out).toMatch(/\b2\.? माहे ऑक्टोबर, 2025 मध्ये अवेळी पाऊस/);
    expect(out).toContain('महसूल व वन विभाग · 28-11-2025');
  });

  it('an empty grid on the site: the bot says there are no GRs for that choice and offers the website', async () => {
    server = await startGrServer({ kind: 'page', fixture: 'gr-listing-empty.html' });
    const { code, out } = await chat('2\n1\n1\n', { SAMVAD_GR_URL: server.url });
    expect(code).toBe(0);
    const latest = out.slice(out.indexOf('Latest Government Resolutions'), out.indexOf('you: 1', out.indexOf('Latest Government Resolutions')));
    expect(latest).toContain('1 🔗 All GRs (website)');
    expect(latest).toContain('None below? No new GRs now; all GRs are on the website');
    expect(latest).not.toContain(' 2 ');
    expect(out).toContain('GR website: https://gr.maharashtra.gov.in/1145/Government-Resolutions');
  });

  it('the providers serve uses read the same address', async () => {
    server = await startGrServer({ kind: 'page', fixture: 'gr-listing.html' });
    const provider = liveProviders({ SAMVAD_GR_URL: server.url })['maharashtra_gr'];
    const items = await provider?.({ department: 'Agriculture' }, new AbortController().signal);
    expect(items?.map((i) => i.id)).toEqual(['202511281205329801']);
    expect(server.hits()).toBe(1);
  });

  it('unset or empty: the official listing', () => {
    expect(grUrlFrom({})).toBeUndefined();
    expect(grUrlFrom({ SAMVAD_GR_URL: '  ' })).toBeUndefined();
    expect(grUrlFrom({ SAMVAD_GR_URL: 'https://mirror.example.org/gr' })).toBe('https://mirror.example.org/gr');
  });

  it('refuses an address that is not http(s) before any citizen asks, naming the variable', async () => {
    expect(() => grUrlFrom({ SAMVAD_GR_URL: 'gr.maharashtra.gov.in' })).toThrow(
      'SAMVAD_GR_URL must be an http(s) address of the GR listing page, e.g. https://gr.maharashtra.gov.in/1145/Government-Resolutions; got "gr.maharashtra.gov.in"',
    );
    const { code, out } = await chat('2\n', { SAMVAD_GR_URL: 'ftp://mirror.example.org/gr' });
    expect(code).toBe(2);
    expect(out).toContain('samvad: SAMVAD_GR_URL must be an http(s) address');
    expect(out).not.toMatch(/\n\s+at /);
  });
});
