/**
 * `samvad studio`'s HTTP server (node:http, 127.0.0.1): the built page, and the API the page
 * uses — the bot's files, edits (checked by the language server's `Workspace`), saves, an SSE
 * channel of diagnostics and on-disk changes, the phone preview, the bot's map and its tests.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { toSvg } from '@samvad/compiler';
import type { CallProvider, DataSourceProvider, Graph } from '@samvad/runtime';
import type { ChatRequest, DefinitionResponse, FilesResponse, GraphResponse, TestsReport, TranslationsResponse } from '../shared/api.js';
import { translationTable } from '../shared/translations.js';
import { BotFolder, PathError } from './bot-folder.js';
import { ChatError, ChatSession } from './chat.js';
import { Checker } from './checker.js';
import { EventHub } from './events.js';
import { frontEndFile } from './front-end.js';
import { FileWatcher } from './watch.js';

/** Runs a bot's `.convo` tests against a graph (the CLI's runner, handed in by `samvad studio`). */
export type TestRunner = (graph: Graph, root: string) => Promise<TestsReport>;

/** How to start the studio. */
export interface StudioOptions {
  /** The bot's root `.flow` file (absolute). */
  readonly root: string;
  /** 0: any free port. */
  readonly port: number;
  /** Data sources of the phone preview (canned data with `--data`). */
  readonly providers: Readonly<Record<string, DataSourceProvider>>;
  /** Answers to the bot's `call`s by endpoint (canned with `--data`); an endpoint without one fails. */
  readonly callers?: Readonly<Record<string, CallProvider>>;
  readonly runTests: TestRunner;
}

/** A started studio. */
export interface RunningStudio {
  readonly url: string;
  close(): Promise<void>;
}

/** Bodies larger than this are refused (a .flow file is far smaller). */
const MAX_BODY = 4 * 1024 * 1024;
/** Phone previews kept at once (one per open page); the oldest goes first. */
const MAX_CHATS = 32;

/** Starts the studio's server on 127.0.0.1. */
export async function startStudio(options: StudioOptions): Promise<RunningStudio> {
  const folder = new BotFolder(options.root);
  const checker = new Checker(folder);
  const hub = new EventHub();
  const chats = new Map<string, ChatSession>();
  const svgs = new Map<string, Promise<string>>();

  const watcher = new FileWatcher((abs, text) => {
    const path = folder.relative(abs);
    if (path === undefined) return;
    checker.changedOnDisk([path]);
    hub.send({ kind: 'changed', data: { path, text } });
    publish();
  });
  const rewatch = () => watcher.watch(checker.files(false).map((p) => folder.absolute(p)));
  /** Sends a check's diagnostics to every page (after an edit: that edit's check). */
  const publish = (event = checker.check()) => {
    hub.send({ kind: 'diagnostics', data: event });
    setImmediate(rewatch); // after the answer: an include added or removed changes the files to watch
    return event;
  };
  checker.check();
  checker.graph(); // the preview's first version, kept should the text break before it is asked for
  rewatch();

  const api = async (req: IncomingMessage, res: ServerResponse, route: string): Promise<void> => {
    switch (route) {
      case 'GET /api/files': {
        const files = checker.files().map((path) => ({ path, text: checker.textOf(path) ?? '' }));
        const body: FilesResponse = { bot: folder.rootPath.replace(/\.flow$/, ''), root: folder.rootPath, files };
        return json(res, 200, body);
      }
      case 'GET /api/events':
        hub.attach(res);
        hub.send({ kind: 'diagnostics', data: checker.check() });
        return;
      case 'POST /api/edit': {
        const { path, text } = fields(await readJson(req), { path: 'string', text: 'string' });
        const event = checker.edit(path, text);
        json(res, 200, event);
        publish(event);
        return;
      }
      case 'POST /api/save': {
        const { path, text } = fields(await readJson(req), { path: 'string', text: 'string' });
        if (!path.endsWith('.flow')) throw new PathError(`only .flow files are saved (not \`${path}\`)`);
        const abs = folder.absolute(path);
        watcher.wrote(abs, text);
        await writeFile(abs, text, 'utf8');
        checker.saved(path);
        return json(res, 200, { saved: path });
      }
      case 'POST /api/definition': {
        const { path, offset } = fields(await readJson(req), { path: 'string', offset: 'number' });
        const target = checker.definition(path, offset);
        const body: DefinitionResponse = target === undefined ? {} : { target };
        return json(res, 200, body);
      }
      case 'POST /api/chat': {
        const request = (await readJson(req)) as ChatRequest;
        if (typeof request.session !== 'string' || typeof request.action !== 'object') throw new ChatError('expected { session, action }');
        const { graph, notice } = checker.graph();
        if (graph === undefined) return json(res, 409, { error: notice ?? 'the bot does not compile' });
        let chat = chats.get(request.session);
        if (chat === undefined) {
          chat = new ChatSession(options.providers, options.callers);
          chats.set(request.session, chat);
          if (chats.size > MAX_CHATS) chats.delete(chats.keys().next().value ?? '');
        }
        return json(res, 200, await chat.act(graph, request.action, notice));
      }
      case 'GET /api/graph': {
        const { graph, notice } = checker.graph();
        if (graph === undefined) return json(res, 409, { error: notice ?? 'the bot does not compile' });
        let svg = svgs.get(graph.hash);
        if (svg === undefined) {
          svg = toSvg(graph);
          svgs.clear();
          svgs.set(graph.hash, svg);
        }
        const sources: Record<string, { path: string; line: number }> = {};
        for (const [id, at] of Object.entries(graph.sourceMap)) sources[id] = { path: at.file, line: at.line };
        const body: GraphResponse = { svg: await svg, sources, ...(notice === undefined ? {} : { notice }) };
        return json(res, 200, body);
      }
      case 'GET /api/translations': {
        const { graph, notice } = checker.graph();
        if (graph === undefined) return json(res, 409, { error: notice ?? 'the bot does not compile' });
        const body: TranslationsResponse = { table: translationTable(graph), ...(notice === undefined ? {} : { notice }) };
        return json(res, 200, body);
      }
      case 'POST /api/tests': {
        const { graph, notice } = checker.graph();
        if (graph === undefined) return json(res, 409, { error: notice ?? 'the bot does not compile' });
        const report = await options.runTests(graph, options.root);
        return json(res, 200, notice === undefined ? report : { ...report, notice });
      }
      default:
        return json(res, 404, { error: `no such API: ${route}` });
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const handle = async () => {
      const refused = foreign(req, port);
      if (refused !== undefined) return json(res, 403, { error: refused });
      if (url.pathname.startsWith('/api/')) return api(req, res, route);
      if (req.method !== 'GET') return json(res, 405, { error: 'only GET here' });
      const file = await frontEndFile(url.pathname);
      if (file === undefined) return json(res, 404, { error: `not found: ${url.pathname}` });
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' });
      res.end(file.body);
    };
    handle().catch((error: unknown) => {
      const known = error instanceof PathError || error instanceof ChatError || error instanceof RequestError;
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) res.end();
      else json(res, known ? 400 : 500, { error: known ? message : `the studio failed: ${message}` });
    });
  });

  let port = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        watcher.close();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Why a request is refused as coming from another site, or `undefined`: the studio writes files,
 * so only its own page may call it — the Host must be the studio's (no DNS rebinding), a POST must
 * be JSON (a cross-site form cannot send that without a preflight the studio never grants) and
 * come from the studio's origin when the browser names one.
 */
function foreign(req: IncomingMessage, port: number): string | undefined {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return `the studio answers only at http://127.0.0.1:${port}/ (this request was for ${req.headers.host ?? 'no host'})`;
  if (req.method === 'GET') return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return `requests from ${origin} are refused: only the studio's own page may change the bot`;
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return 'the studio takes JSON requests only (content-type: application/json)';
  return undefined;
}

/** A request the API cannot take. */
class RequestError extends Error {}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) throw new RequestError(`the request is larger than ${MAX_BODY} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new RequestError('the request is not JSON');
  }
}

type FieldKinds = Readonly<Record<string, 'string' | 'number'>>;
type FieldValues<K extends FieldKinds> = { [P in keyof K]: K[P] extends 'string' ? string : number };

/** The named fields of a JSON object, of the given types (or a `RequestError` naming the first wrong one). */
function fields<K extends FieldKinds>(value: unknown, kinds: K): FieldValues<K> {
  if (typeof value !== 'object' || value === null) throw new RequestError('expected a JSON object');
  const record = value as Record<string, unknown>;
  for (const [name, kind] of Object.entries(kinds)) {
    if (typeof record[name] !== kind) throw new RequestError(`expected \`${name}\` to be a ${kind}`);
  }
  return record as FieldValues<K>;
}
