/**
 * Reloading the graph through the real `samvad serve` (spawned) and the fake Graph API: included
 * files are watched, a deleted and recreated file still reloads, a broken graph is refused and the
 * old one keeps serving, no log line carries a secret, and a slow reload compiles off the thread
 * that acknowledges webhooks.
 */
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import type { Spawned } from './support/processes.js';
import { fakeGraphForFile, serveAgainst } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { deliveryBody, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'reload-app-secret-5c1e9';
const TOKEN = 'EAAGreloadAccessToken7f3b2d';
const VERIFY = 'reload-verify-token-a41';

const fake = fakeGraphForFile('reload', TOKEN);

const stores = storesForFile(fake);

/** A small bot whose `info` page lives in an included file. */
const MAIN = (welcome: string, include = 'departments/info.flow') => `include "${include}"

bot reload_demo
  languages: en "English"
  start: home

menu home
  text: "${welcome}"
  option info -> info
    en: "Information"
`;
const INFO = (text: string) => `page info\n  text: "${text}"\n  then back\n`;

/** Writes the bot (MAIN with `welcome`, its include with `info`) into `<scratch>/<name>`; returns its folder, root file and included file. */
function writeBot(name: string, welcome: string, info = 'Info') {
  const bot = join(fake.dir, name);
  mkdirSync(join(bot, 'departments'), { recursive: true });
  const root = join(bot, 'main.flow');
  const included = join(bot, 'departments', 'info.flow');
  writeFileSync(root, MAIN(welcome));
  writeFileSync(included, INFO(info));
  return { bot, root, included };
}

const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as { graph: string; ok: boolean };
const bodyOf = (s: RecordedSend) => JSON.stringify(s.body);

/** Waits until the served graph's hash differs from `hash`, and returns the new one. */
const newHash = (url: string, hash: string, what: string) =>
  waitFor(what, async () => {
    const now = (await health(url)).graph;
    return now !== hash ? now : undefined;
  }, 20_000);

/** Counts the log lines of `event` so far. */
const count = (server: Spawned, event: string) => server.output().split(`"event":"${event}"`).length - 1;

/** Waits for one more `event` line than `before`. */
const another = (server: Spawned, event: string, before: number) =>
  waitFor(`another ${event}`, () => (count(server, event) > before ? true : undefined), 30_000);

/** Says "hi" as `user` and waits for the reply; returns its JSON body. */
async function replyTo(url: string, user: string): Promise<string> {
  expect((await postWebhook(url, deliveryBody([{ from: user, text: 'hi' }]), SECRET)).status).toBe(200);
  const reply = await waitFor(`a reply to ${user}`, async () => (await fake.sent()).find((s) => s.body.to === user), 20_000);
  return bodyOf(reply);
}

describe.each(stores)('samvad serve on $name reloads (real processes)', (store) => {
  /** Spawns `samvad serve <args>` with its database `db` and the variables in `extra`. */
  const serve = async (args: string[], db: string, extra: Record<string, string> = {}) =>
    serveAgainst(fake, args, { secret: SECRET, verifyToken: VERIFY, db: await store.db(db), extra: { WHATSAPP_SEND_RATE: '2000', ...store.env, ...extra } });
  // Each store's run writes its own bots and reads only its own replies.
  beforeEach(() => fake.clearSent());
  it('editing an included file reloads; deleting and recreating the root file reloads; the watch goes on', async () => {
    const { root, included } = writeBot(`${store.name}-watched`, 'Welcome one', 'Info one');
    const server = await serve([root], 'watched.db');
    try {
      const h0 = (await health(server.url)).graph;
      writeFileSync(included, INFO('Info two'));
      const h1 = await newHash(server.url, h0, 'a reload after the included file changed');

      const refused = count(server, 'graph.reload_refused');
      unlinkSync(root);
      await another(server, 'graph.reload_refused', refused);
      expect((await health(server.url)).graph).toBe(h1);
      writeFileSync(root, MAIN('Welcome three'));
      const h2 = await newHash(server.url, h1, 'a reload after the root file was deleted and recreated');
      expect((await replyTo(server.url, '919811100001'))).toContain('Welcome three');

      writeFileSync(included, INFO('Info four'));
      await newHash(server.url, h2, 'a reload after editing the include again, after the recreation');
    } finally {
      await server.stop();
    }
  });

  it('a reload that includes /proc/self/environ (directly or through a link) is refused, counted, logs no secret, and the old graph keeps serving', async () => {
    const { bot, root } = writeBot(`${store.name}-secrets`, 'Welcome safe');
    symlinkSync('/proc/self/environ', join(bot, 'environ.flow'));
    const server = await serve([root], 'secrets.db');
    try {
      const h0 = (await health(server.url)).graph;
      for (const include of ['/proc/self/environ', 'environ.flow', '../../../../../../../proc/self/environ', `${TOKEN}.flow`]) {
        const before = count(server, 'graph.reload_refused');
        writeFileSync(root, MAIN('Welcome leaked', include));
        await another(server, 'graph.reload_refused', before);
      }
      const out = server.output();
      expect(out).toContain('FLOW2010');
      expect(out).toContain('[redacted].flow'); // the include naming the token was logged, redacted
      for (const secret of [TOKEN, SECRET, VERIFY]) expect(out).not.toContain(secret);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/samvad_graph_reloads_total\{outcome="refused"\} [4-9]/);
      expect((await health(server.url)).graph).toBe(h0);
      expect(await replyTo(server.url, '919811100002')).toContain('Welcome safe');
    } finally {
      await server.stop();
    }
  });

  it('a broken graph.json on reload (bad JSON, a start that does not exist) is refused and the old graph keeps serving', async () => {
    const { bot, root } = writeBot(`${store.name}-json`, 'Welcome json');
    const { compile, nodeHost } = await import('@samvad/compiler');
    const graph = compile(root, nodeHost()).graph;
    expect(graph).toBeDefined();
    const file = join(bot, 'graph.json');
    writeFileSync(file, JSON.stringify(graph));
    const server = await serve([file], 'json.db');
    try {
      const h0 = (await health(server.url)).graph;
      let before = count(server, 'graph.reload_refused');
      writeFileSync(file, JSON.stringify({ ...graph, start: 'nowhere' }));
      await another(server, 'graph.reload_refused', before);
      expect(server.output()).toContain('/start: no node \\"nowhere\\"');
      before = count(server, 'graph.reload_refused');
      writeFileSync(file, `WHATSAPP_ACCESS_TOKEN=${TOKEN}`);
      await another(server, 'graph.reload_refused', before);
      expect(server.output()).toContain('the graph is not valid JSON');
      expect(server.output()).not.toContain(TOKEN);
      expect((await health(server.url)).graph).toBe(h0);
      expect(await replyTo(server.url, '919811100003')).toContain('Welcome json');
    } finally {
      await server.stop();
    }
  });

  it('while a slow reload compiles, webhooks are still acknowledged promptly', async () => {
    const { root } = writeBot(`${store.name}-slow`, 'Welcome slow');
    // --no-watch: the reload starts on SIGHUP, when the test says so. The time limit ends a
    // reload that would take minutes (garbage like this took 17 s per 400 KB to compile).
    const server = await serve([root, '--no-watch'], 'slow.db', { SAMVAD_RELOAD_TIMEOUT_MS: '4000' });
    let user = 919822200000;
    const ack = async (): Promise<number> => {
      const started = performance.now();
      const res = await postWebhook(server.url, deliveryBody([{ from: String(user++), text: 'hi' }]), SECRET);
      expect(res.status).toBe(200);
      return performance.now() - started;
    };
    try {
      for (let i = 0; i < 10; i++) await ack(); // warm-up
      const baseline: number[] = [];
      for (let i = 0; i < 40; i++) baseline.push(await ack());

      writeFileSync(root, garbage(1_500_000));
      const before = count(server, 'graph.reload_refused');
      const started = performance.now();
      server.child.kill('SIGHUP');
      const during: number[] = [];
      const deadline = started + 60_000;
      while (count(server, 'graph.reload_refused') === before && performance.now() < deadline && during.length < 5_000) during.push(await ack());
      const window = performance.now() - started;
      expect(count(server, 'graph.reload_refused'), 'the reload ended (refused)').toBeGreaterThan(before);
      expect(window, 'the reload took long enough to measure').toBeGreaterThan(1_000);
      const report = `baseline median ${median(baseline).toFixed(1)} ms; during a ${window.toFixed(0)} ms reload: ${during.length} acks, median ${median(during).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms`;
      console.log(report);
      // Blocked, every acknowledgement would wait for the whole compile: max ≈ window.
      expect(Math.max(...during), report).toBeLessThan(window / 4);
      expect(median(during) / median(baseline), report).toBeLessThan(20);
      expect(during.length, report).toBeGreaterThan(10);
      expect(server.output()).toMatch(/took longer than 4 s|errors?/);
      expect(await replyTo(server.url, '919811100004')).toContain('Welcome slow');
    } finally {
      await server.stop();
    }
  });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** `bytes` of deterministic flow-like garbage: words of the language in no valid order. */
function garbage(bytes: number): string {
  const words = ['menu', 'page', 'option', '->', 'text:', '"abc', 'mr:', 'en:', 'then', 'back', 'foo', 'bar', '12', '#x', '{', '}', '"x"'];
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = Array.from({ length: 8 }, () => words[next() % words.length]).join(' ');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}
