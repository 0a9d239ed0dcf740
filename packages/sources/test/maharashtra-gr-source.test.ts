import { afterEach, describe, expect, it } from 'vitest';
import type { DataItem } from '@samvad/runtime';
import { createMaharashtraGrSource, SourceError } from '../src/index.js';
import type { MaharashtraGrSourceOptions } from '../src/index.js';
import { readFixture, startGrServer } from './helpers/gr-server.js';
import type { GrTestServer, ServerMode } from './helpers/gr-server.js';

const LISTING: ServerMode = { kind: 'page', fixture: 'gr-listing.html' };
const MINUTE = 60_000;

let server: GrTestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server in `mode`, a source reading it with a clock the test moves, and a way to call it. */
async function setUp(mode: ServerMode, options: MaharashtraGrSourceOptions = {}) {
  server = await startGrServer(mode);
  const clock = { now: 1_700_000_000_000 };
  const stale: SourceError[] = [];
  const source = createMaharashtraGrSource({
    url: server.url,
    // Generous, so a loaded machine does not turn a working fetch into a timeout.
    timeoutMs: 3_000,
    now: () => clock.now,
    onStale: (error) => stale.push(error),
    ...options,
  });
  const call = (params: Record<string, string> = {}, signal = new AbortController().signal): Promise<readonly DataItem[]> =>
    source(params, signal);
  return { server, clock, stale, call };
}

/** The SourceError a call fails with (fails the test if it succeeds). */
async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

const codes = (items: readonly DataItem[]): string[] => items.map((i) => i.id);

describe('maharashtra_gr: a working site', () => {
  it('returns the 5 newest GRs with the fields a flow shows, asking politely', async () => {
    const { call, server } = await setUp(LISTING);
    const items = await call();
    expect(codes(items)).toEqual([
      '202511281746195319',
      '202511281651263220',
      '202511281540087130',
      '202511271830451725',
      '202511271702139105',
    ]);
    const port = new URL(server.url).port;
    expect(items[0]).toEqual({
      id: '202511281746195319',
      fields: {
        title: 'माहे ऑक्टोबर, 2025 मध्ये अवेळी पाऊस व अतिवृष्टीमुळे शेतीपिकांच्या नुकसानीसाठी बाधित शेतकऱ्यांना मदत देण्याबाबत.',
        department: 'महसूल व वन विभाग',
        date: '28-11-2025',
        url: `https://127.0.0.1:${port}/Site/Upload/Government%20Resolutions/Marathi/202511281746195319.pdf`,
        code: '202511281746195319',
        size: '412 KB',
      },
    });
    expect(server.lastUserAgent()).toMatch(/^Samvad\//);
  });

  it('honours the limit, up to 10, with older GRs listed out of order moved down', async () => {
    const { call } = await setUp(LISTING);
    const ten = await call({ limit: '10' });
    expect(ten).toHaveLength(10);
    expect(ten.slice(-2).map((i) => i.fields['date'])).toEqual(['25-11-2025', '25-11-2025']);
    expect(await call({ limit: '2' })).toHaveLength(2);
    expect(await call({ limit: '99' })).toHaveLength(10);
  });

  it('filters by department named in Marathi or in English', async () => {
    const { call } = await setUp(LISTING);
    const marathi = await call({ department: 'महसूल' });
    const english = await call({ department: 'Revenue' });
    expect(codes(marathi)).toEqual(['202511281746195319', '202511261158301319']);
    expect(codes(english)).toEqual(codes(marathi));
    expect(codes(await call({ department: 'women and child' }))).toEqual(['202511281540087130']);
    expect(await call({ department: 'Tourism' })).toEqual([]);
  });

  it('finds a department whatever vowel spelling the site uses (कृषी on the site, कृषि in the state\'s lists)', async () => {
    const { call } = await setUp(LISTING);
    const agriculture = ['202511281205329801'];
    expect(codes(await call({ department: 'Agriculture' }))).toEqual(agriculture);
    expect(codes(await call({ department: 'कृषि' }))).toEqual(agriculture);
    expect(codes(await call({ department: 'कृषी' }))).toEqual(agriculture);
    expect(codes(await call({ department: 'Agricultre' }))).toEqual(agriculture);
    expect(codes(await call({ department: 'Revnue' }))).toEqual(['202511281746195319', '202511261158301319']);
    // Near is not the same: Housing is not Home, Urban is not Rural.
    expect(await call({ department: 'Housing' })).toEqual([]);
    expect(codes(await call({ department: 'Urban' }))).toEqual(['202511271830451725']);
  });

  it('reads a listing whose columns were reordered by their headers', async () => {
    const { call } = await setUp({ kind: 'page', fixture: 'gr-listing-columns-reordered.html' });
    const items = await call({ limit: '10' });
    expect(items.map((i) => [i.fields['department'], i.fields['date']]).slice(0, 3)).toEqual([
      ['महसूल व वन विभाग', '28-11-2025'],
      ['ग्राम विकास विभाग', '28-11-2025'],
      ['महिला व बाल विकास विभाग', '28-11-2025'],
    ]);
  });

  it('returns no rows for an empty grid', async () => {
    const { call } = await setUp({ kind: 'page', fixture: 'gr-listing-empty.html' });
    expect(await call()).toEqual([]);
  });

  it('rejects a bad parameter without asking the site', async () => {
    const { call, server } = await setUp(LISTING);
    expect((await failure(call({ limit: 'all' }))).kind).toBe('bad-params');
    expect(server.hits()).toBe(0);
  });
});

describe('maharashtra_gr: a failing site, nothing cached', () => {
  it('gives up on a site that never answers, saying so', async () => {
    const { call, server } = await setUp({ kind: 'hang' }, { timeoutMs: 300 });
    const error = await failure(call());
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`maharashtra_gr: ${server.url} did not answer within 300 ms`);
  });

  it('reports an HTTP error status', async () => {
    const { call, server } = await setUp({ kind: 'status', status: 500 });
    const error = await failure(call());
    expect(error.kind).toBe('http');
    expect(error.message).toBe(`maharashtra_gr: ${server.url} answered HTTP 500 Internal Server Error`);
  });

  it('reports a page whose layout changed', async () => {
    const { call } = await setUp({ kind: 'page', fixture: 'gr-listing-redesigned.html' });
    const error = await failure(call());
    expect(error.kind).toBe('layout-changed');
    expect(error.message).toMatch(/no longer has the GR table .*the site's layout has changed$/);
  });

  it('names the column a redesigned grid lacks', async () => {
    const { call, server } = await setUp({ kind: 'page', fixture: 'gr-listing-no-date-column.html' });
    const error = await failure(call());
    expect(error.kind).toBe('layout-changed');
    expect(error.message).toBe(
      `maharashtra_gr: the GR table at ${server.url} has no "G.R. Date (शासन निर्णय दिनांक)" column ` +
        `(its headers: "अ.क्र.", "विभागाचे नाव", "शीर्षक", "युनिक क्रमांक", "फाईल साईज (KB)", "डाउनलोड"); the site's layout has changed`,
    );
  });

  it.each([
    ['JSON', 'application/json; charset=utf-8', '{"error":"Service temporarily unavailable"}', 'JSON (application/json)'],
    ['plain text', 'text/plain', 'The site is under maintenance. Please visit later.', 'plain text (text/plain)'],
    ['a PDF', 'application/pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'a PDF document (application/pdf)'],
    ['an image', 'image/png', 'PNG', 'an image (image/png)'],
  ])('says what it received when the answer is %s, not HTML', async (_, contentType, body, said) => {
    const { call, server } = await setUp({ kind: 'body', contentType, body });
    const error = await failure(call());
    expect(error.kind).toBe('not-html');
    expect(error.message).toBe(`maharashtra_gr: ${server.url} answered with ${said}, not the HTML listing page`);
  });

  it('sniffs JSON or a PDF sent without a content type, and reads HTML sent without one', async () => {
    const { call, server } = await setUp({ kind: 'body', contentType: null, body: '[{"title":"x"}]' });
    const error = await failure(call());
    expect(error.message).toBe(`maharashtra_gr: ${server.url} answered with what looks like JSON (no content type), not the HTML listing page`);
    await server.close();
    const html = await setUp({ kind: 'body', contentType: null, body: readFixture('gr-listing.html') });
    expect(await html.call()).toHaveLength(5);
  });

  it('reports a site that cannot be reached', async () => {
    const { call, server } = await setUp(LISTING);
    await server.close();
    const error = await failure(call());
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^maharashtra_gr: could not reach http:\/\/127\.0\.0\.1:\d+\/1145\/Government-Resolutions \(.+\)$/);
  });

  it('stops at once when the caller gives up, and drops the request', async () => {
    const { call, server } = await setUp({ kind: 'hang' }, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = call({}, controller.signal);
    await server.requestReceived(1);
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
    await server.requestClosed(1);
  });

  it('waits a while after a failure before asking the site again', async () => {
    const { call, server, clock } = await setUp({ kind: 'status', status: 503 }, { retryAfterMs: 30_000 });
    expect((await failure(call())).kind).toBe('http');
    server.setMode(LISTING);
    expect((await failure(call())).message).toMatch(/answered HTTP 503 Service Unavailable \(not asking again for 30 s\)$/);
    expect(server.hits()).toBe(1);
    clock.now += 30_000;
    expect(await call()).toHaveLength(5);
    expect(server.hits()).toBe(2);
  });
});

describe('maharashtra_gr: cache', () => {
  it('reuses the listing within the TTL and fetches it again after', async () => {
    const { call, server, clock } = await setUp(LISTING, { ttlMs: 15 * MINUTE });
    await call();
    clock.now += 15 * MINUTE - 1;
    await call({ department: 'वित्त' });
    expect(server.hits()).toBe(1);
    clock.now += 1;
    await call();
    expect(server.hits()).toBe(2);
  });

  it.each<[string, ServerMode]>([
    ['never answers', { kind: 'hang' }],
    ['answers HTTP 500', { kind: 'status', status: 500 }],
    ['changed its layout', { kind: 'page', fixture: 'gr-listing-redesigned.html' }],
  ])('serves the last good listing when the site %s', async (_, failing) => {
    const { call, server, clock, stale } = await setUp(LISTING);
    const fresh = await call();
    clock.now += 16 * MINUTE;
    server.setMode(failing);
    expect(await call()).toEqual(fresh);
    expect(server.hits()).toBe(2);
    expect(stale).toHaveLength(1);
  });

  it('shares one fetch among concurrent callers, even one who arrives mid-fetch', async () => {
    const { call, server } = await setUp({ kind: 'held', fixture: 'gr-listing.html' });
    const first = [call(), call({ limit: '10' }), call({ department: 'Finance' })];
    await server.requestReceived(1);
    const late = call({ limit: '1' });
    server.release();
    const [five, ten, finance, one] = await Promise.all([...first, late]);
    expect(server.hits()).toBe(1);
    expect([five?.length, ten?.length, finance?.length, one?.length]).toEqual([5, 10, 1, 1]);
  });
});
