/**
 * `samvad studio`'s command line and HTTP API without a browser: clear refusals (a compiled graph,
 * a port in use, paths outside the bot's folder, bad requests), the preview running the last
 * version that compiled while the text has errors, and the editor's keywords against the dsl's.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { KEYWORD_WORDS } from '@samvad/dsl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_KEYWORDS } from '../src/web/flow-language.js';
import type { ChatResponse, DiagnosticsEvent, GraphResponse } from '../src/shared/api.js';
import { ROOT, copyFlows, spawnStudio } from './support/browser.js';
import type { Studio } from './support/browser.js';

let flows: { dir: string; remove: () => void };
let studio: Studio;

beforeAll(async () => {
  flows = copyFlows();
  studio = await spawnStudio([join(flows.dir, 'jalna-mitra.flow'), '--port', '0']);
}, 240_000);

afterAll(async () => {
  await studio?.stop();
  flows?.remove();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(path, studio.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

function runCli(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [resolve(ROOT, 'packages/cli/bin/samvad.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => void (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => void (out += c.toString('utf8')));
  return new Promise((done) => child.once('exit', (code) => done({ code, out })));
}

describe('samvad studio: API', () => {
  it('refuses paths outside the bot\'s folder and files that are not .flow, saying why', async () => {
    const outside = await post('/api/save', { path: '../elsewhere.flow', text: 'x' });
    expect(outside).toEqual({ status: 400, json: { error: "`../elsewhere.flow` is not a file of the bot's folder" } });
    const notFlow = await post('/api/save', { path: 'tests/gr-canned.json', text: '{}' });
    expect(notFlow).toEqual({ status: 400, json: { error: 'only .flow files are saved (not `tests/gr-canned.json`)' } });
    expect(await post('/api/edit', '{not json')).toEqual({ status: 400, json: { error: 'the request is not JSON' } });
    expect(await post('/api/edit', { path: 'jalna-mitra.flow' })).toEqual({ status: 400, json: { error: 'expected `text` to be a string' } });
  });

  it('refuses requests from other sites: another origin, a form post, another host name', async () => {
    const text = 'bot x';
    const origin = await post('/api/save', { path: 'jalna-mitra.flow', text }, { origin: 'http://evil.example' });
    expect(origin).toEqual({ status: 403, json: { error: "requests from http://evil.example are refused: only the studio's own page may change the bot" } });
    const form = await post('/api/save', { path: 'jalna-mitra.flow', text }, { 'content-type': 'text/plain' });
    expect(form).toEqual({ status: 403, json: { error: 'the studio takes JSON requests only (content-type: application/json)' } });
    const port = new URL(studio.url).port;
    const rebound = await new Promise<{ status: number; body: string }>((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/files', headers: { host: `evil.example:${port}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => void (body += c.toString('utf8')));
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain(`the studio answers only at http://127.0.0.1:${port}/`);
    expect(readFileSync(join(flows.dir, 'jalna-mitra.flow'), 'utf8')).not.toBe(text);
  });

  it('runs the last version that compiled while the text has errors, and says so', async () => {
    const files = (await (await fetch(new URL('/api/files', studio.url))).json()) as { files: { path: string; text: string }[] };
    const root = files.files[0];
    expect(root?.path).toBe('jalna-mitra.flow');
    const broken = await post('/api/edit', { path: 'jalna-mitra.flow', text: (root?.text ?? '').replace('start: home', 'start: hom') });
    const event = broken.json as DiagnosticsEvent;
    expect(event.files['jalna-mitra.flow']?.map((d) => d.code)).toContain('FLOW2001');
    const chat = await post('/api/chat', { session: 'api-test', action: { kind: 'restart' } });
    expect(chat.status).toBe(200);
    const turn = chat.json as ChatResponse;
    expect(turn.node).toBe('home');
    expect(turn.notice).toBe('the bot has 1 error: this is the last version that compiled');
    const graph = (await (await fetch(new URL('/api/graph', studio.url))).json()) as GraphResponse;
    expect(graph.notice).toBe(turn.notice);
    expect(graph.svg).toContain('<svg');
    expect(graph.sources['rev_income']).toEqual({ path: 'departments/revenue.flow', line: expect.any(Number) as number });
    const fixed = await post('/api/edit', { path: 'jalna-mitra.flow', text: root?.text ?? '' });
    expect((fixed.json as DiagnosticsEvent).files['jalna-mitra.flow']?.filter((d) => d.severity === 'error')).toEqual([]);
    const again = (await post('/api/chat', { session: 'api-test', action: { kind: 'language', code: 'xx' } })).json;
    expect(again).toEqual({ error: 'unknown language `xx`; this bot speaks mr, hi, en' });
  });
});

describe('samvad studio: command line', () => {
  it('refuses a compiled graph, a missing file and a port in use with a clear message', async () => {
    const graph = await runCli(['studio', 'packages/runtime/schema/graph.schema.json', '--port', '0']);
    expect(graph.code).not.toBe(0);
    expect(graph.out).toContain('is a compiled graph: the studio edits a bot\'s .flow files');
    const missing = await runCli(['studio', 'flows/no-such-bot.flow', '--port', '0']);
    expect(missing.code).not.toBe(0);
    expect(missing.out).toMatch(/no-such-bot\.flow/);
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', () => done()));
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const taken = await runCli(['studio', 'flows/jalna-mitra.flow', '--port', String(port)]);
      expect(taken.code).not.toBe(0);
      expect(taken.out).toContain(`port ${port} is in use: choose another with --port (0 = any free port)`);
    } finally {
      busy.close();
    }
  });
});

describe('the editor\'s .flow highlighting', () => {
  it('knows exactly the language\'s keywords', () => {
    expect([...FLOW_KEYWORDS].sort()).toEqual([...KEYWORD_WORDS].sort());
  });
});
