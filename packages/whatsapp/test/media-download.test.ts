import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '@samvad/whatsapp';
import type { FakeGraphApi, LogFields, Logger } from '@samvad/whatsapp';
import type { Inbound } from '@samvad/runtime';
import { downloadMedia } from '../src/media/download.js';
import type { MediaDownloadOptions } from '../src/media/download.js';
import { mediaDownloader, mediaDownloaderFrom } from '../src/media/downloader.js';
import { extensionFor } from '../src/media/mime.js';
import { checkMediaSettings, mediaSettingsFrom } from '../src/media/settings.js';

const TOKEN = 'media-test-token-1234';
const MB = 1024 * 1024;

let fake: FakeGraphApi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeGraphApi({ accessToken: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-media-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = (over: Partial<MediaDownloadOptions> = {}): MediaDownloadOptions => ({
  apiBaseUrl: fake.url,
  accessToken: TOKEN,
  dir,
  maxBytes: MB,
  ...over,
});
/** The file names in the folder (temporary `.part` files included). */
const files = () => readdirSync(dir).sort();

describe('downloadMedia against the fake Graph API', () => {
  it('looks the media up, downloads it with the token and names it after its id and type', async () => {
    const bytes = randomBytes(300 * 1024);
    fake.putMedia('1003383421387256', { bytes, mime: 'image/jpeg' });
    const result = await downloadMedia('1003383421387256', 'image/jpeg', options());
    expect(result).toEqual({ ok: true, path: join(dir, '1003383421387256.jpg'), bytes: bytes.length, mime: 'image/jpeg' });
    expect(readFileSync(join(dir, '1003383421387256.jpg')).equals(bytes)).toBe(true);
    expect(files()).toEqual(['1003383421387256.jpg']);
  });

  it('takes the extension from the type the lookup gives (a PDF, a voice note with codecs)', async () => {
    fake.putMedia('501', { bytes: Buffer.from('%PDF-1.4 arj'), mime: 'application/pdf' });
    fake.putMedia('502', { bytes: Buffer.from('OggS'), mime: 'audio/ogg; codecs=opus' });
    expect(await downloadMedia('501', 'application/octet-stream', options())).toMatchObject({ ok: true, path: join(dir, '501.pdf'), mime: 'application/pdf' });
    expect(await downloadMedia('502', 'audio/ogg', options())).toMatchObject({ ok: true, path: join(dir, '502.ogg') });
    expect(readFileSync(join(dir, '501.pdf'), 'utf8')).toBe('%PDF-1.4 arj');
  });

  it('refuses a file whose announced size is over the cap without downloading it', async () => {
    fake.putMedia('601', { bytes: randomBytes(MB + 1), mime: 'video/mp4' });
    const before = fake.mediaRequests().downloads;
    const result = await downloadMedia('601', 'video/mp4', options());
    expect(result).toMatchObject({ ok: false, reason: 'too_big' });
    expect(result.ok ? '' : result.detail).toContain(`${MB + 1} bytes, over the cap of ${MB}`);
    expect(fake.mediaRequests().downloads).toBe(before);
    expect(files()).toEqual([]);
  });

  it('stops a download that passes the cap while streaming (size under-reported) and leaves no file', async () => {
    fake.putMedia('602', { bytes: randomBytes(3 * MB), mime: 'video/mp4', declaredSize: 1000 });
    const result = await downloadMedia('602', 'video/mp4', options());
    expect(result).toMatchObject({ ok: false, reason: 'too_big' });
    expect(result.ok ? '' : result.detail).toContain('passed the cap');
    expect(files()).toEqual([]);
  });

  it('accepts a file of exactly the cap', async () => {
    const bytes = randomBytes(MB);
    fake.putMedia('603', { bytes, mime: 'image/png', declaredSize: 10 });
    expect(await downloadMedia('603', 'image/png', options())).toMatchObject({ ok: true, bytes: MB, path: join(dir, '603.png') });
  });

  it('classifies a refused token, vanished media and a malformed id', async () => {
    fake.putMedia('701', { bytes: Buffer.from('x'), mime: 'image/jpeg' });
    const refused = await downloadMedia('701', 'image/jpeg', options({ accessToken: 'an-expired-token' }));
    expect(refused).toMatchObject({ ok: false, reason: 'expired_token' });
    expect(refused.ok ? '' : refused.detail).toMatch(/HTTP 401 \(code 190\).*renew WHATSAPP_ACCESS_TOKEN/);
    expect(await downloadMedia('999999', 'image/jpeg', options())).toMatchObject({ ok: false, reason: 'gone', detail: expect.stringContaining('HTTP 404') });
    const before = fake.mediaRequests();
    expect(await downloadMedia('../../etc/passwd', 'image/jpeg', options())).toMatchObject({ ok: false, reason: 'error' });
    expect(fake.mediaRequests()).toEqual(before);
    expect(files()).toEqual([]);
  });

  it('reports media that expired between the webhook and the download as gone', async () => {
    fake.putMedia('702', { bytes: Buffer.from('x'), mime: 'image/jpeg' });
    const res = await fetch(`${fake.url.replace(/\/v23\.0$/, '')}/_media/702`, { method: 'DELETE' });
    expect(await res.json()).toEqual({ removed: true });
    expect(await downloadMedia('702', 'image/jpeg', options())).toMatchObject({ ok: false, reason: 'gone' });
  });
});

describe('downloadMedia against a misbehaving server', () => {
  let server: Server;
  let base: string;
  let behaviour: 'hang' | 'trickle' | 'elsewhere' | 'not-json';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/file')) {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write('partial'); // then nothing more: the transfer deadline ends it
        return;
      }
      switch (behaviour) {
        case 'hang':
          return; // never answers
        case 'trickle':
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `${base}/file`, mime_type: 'image/jpeg', file_size: '10' }));
        case 'elsewhere':
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: 'http://localhost:9/file', mime_type: 'image/jpeg' }));
        case 'not-json':
          return void res.writeHead(200).end('<html>');
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );

  it('times out a lookup that is never answered', async () => {
    behaviour = 'hang';
    expect(await downloadMedia('1', 'image/jpeg', options({ apiBaseUrl: `${base}/v23.0`, lookupTimeoutMs: 200 }))).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('times out a transfer that stalls, leaving no partial file', async () => {
    behaviour = 'trickle';
    expect(await downloadMedia('2', 'image/jpeg', options({ apiBaseUrl: `${base}/v23.0`, downloadTimeoutMs: 300 }))).toMatchObject({ ok: false, reason: 'timeout' });
    expect(files()).toEqual([]);
  });

  it('does not send the token to a plain-http address of another origin', async () => {
    behaviour = 'elsewhere';
    const result = await downloadMedia('3', 'image/jpeg', options({ apiBaseUrl: `${base}/v23.0` }));
    expect(result).toMatchObject({ ok: false, reason: 'error', detail: 'refusing to send the access token to http://localhost:9 (not https)' });
  });

  it('reports a lookup answer that is not JSON', async () => {
    behaviour = 'not-json';
    expect(await downloadMedia('4', 'image/jpeg', options({ apiBaseUrl: `${base}/v23.0` }))).toMatchObject({ ok: false, reason: 'error', detail: expect.stringContaining('not JSON') });
  });

  it('reports a server that cannot be reached as an error', async () => {
    const result = await downloadMedia('5', 'image/jpeg', options({ apiBaseUrl: 'http://127.0.0.1:9/v23.0' }));
    expect(result).toMatchObject({ ok: false, reason: 'error' });
  });
});

describe('the media downloader in a turn', () => {
  const logs: { level: string; event: string; fields: LogFields }[] = [];
  const log: Logger = { log: (level, event, fields = {}) => void logs.push({ level, event, fields }) };
  beforeEach(() => void (logs.length = 0));
  const image = (id: string, path?: string): Inbound => ({ kind: 'media', mediaType: 'image', id, mime: 'image/jpeg', caption: 'खड्डा', ...(path !== undefined ? { path } : {}) });

  it('sets the path of a downloaded file, counts each outcome and logs it', async () => {
    const registry = new Registry();
    const downloader = mediaDownloader({ dir, maxBytes: MB }, { apiBaseUrl: fake.url, accessToken: TOKEN, log, registry });
    fake.putMedia('801', { bytes: Buffer.from('jpeg bytes'), mime: 'image/jpeg' });
    fake.putMedia('802', { bytes: randomBytes(MB + 5), mime: 'image/jpeg' });
    expect(await downloader.attach(image('801'))).toEqual(image('801', join(dir, '801.jpg')));
    expect(await downloader.attach(image('802'))).toEqual(image('802')); // over the cap: the turn runs without a path
    expect(await downloader.attach(image('803'))).toEqual(image('803'));
    const metric = await registry.getSingleMetricAsString('samvad_media_downloads_total');
    expect(metric).toContain('samvad_media_downloads_total{outcome="ok"} 1');
    expect(metric).toContain('samvad_media_downloads_total{outcome="too_big"} 1');
    expect(metric).toContain('samvad_media_downloads_total{outcome="gone"} 1');
    expect(logs.map((l) => [l.level, l.event, l.fields.reason])).toEqual([
      ['info', 'media.downloaded', undefined],
      ['warn', 'media.download_failed', 'too_big'],
      ['warn', 'media.download_failed', 'gone'],
    ]);
    expect(logs[0]?.fields).toMatchObject({ media: '801', bytes: 10, mime: 'image/jpeg' });
  });

  it('leaves other inbound kinds, and media already downloaded, alone', async () => {
    const downloader = mediaDownloader({ dir, maxBytes: MB }, { apiBaseUrl: fake.url, accessToken: TOKEN, log, registry: new Registry() });
    const before = fake.mediaRequests();
    const text: Inbound = { kind: 'text', text: 'hi' };
    expect(await downloader.attach(text)).toBe(text);
    const done = image('804', join(dir, '804.jpg'));
    expect(await downloader.attach(done)).toBe(done);
    expect(fake.mediaRequests()).toEqual(before);
    expect(logs).toEqual([]);
  });

  it('is off without SAMVAD_MEDIA_DIR (its counter registered all the same); two downloaders share one counter on a registry', async () => {
    const registry = new Registry();
    expect(mediaDownloaderFrom({}, { apiBaseUrl: fake.url, accessToken: TOKEN, log, registry })).toBeUndefined();
    // The worker reads every metric it answers for by name on each scrape: this one must exist.
    expect(await registry.getSingleMetricAsString('samvad_media_downloads_total')).toContain('# TYPE samvad_media_downloads_total counter');
    expect(mediaDownloaderFrom({ SAMVAD_MEDIA_DIR: dir }, { apiBaseUrl: fake.url, accessToken: TOKEN, log, registry })).toBeDefined();
    expect(mediaDownloaderFrom({ SAMVAD_MEDIA_DIR: dir }, { apiBaseUrl: fake.url, accessToken: 'other', log, registry })).toBeDefined();
  });
});

describe('media settings', () => {
  it('reads the folder (made absolute) and the cap in MiB, 16 by default', () => {
    expect(mediaSettingsFrom({})).toBeUndefined();
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: dir })).toEqual({ dir, maxBytes: 16 * MB });
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: dir, SAMVAD_MEDIA_MAX_MB: '5' })).toEqual({ dir, maxBytes: 5 * MB });
    expect(mediaSettingsFrom({ SAMVAD_MEDIA_DIR: 'uploads' })?.dir).toBe(join(process.cwd(), 'uploads'));
  });

  it('makes a missing folder with its parents', () => {
    const nested = join(dir, 'a', 'b');
    expect(checkMediaSettings({ SAMVAD_MEDIA_DIR: nested })).toEqual([]);
    expect(existsSync(nested)).toBe(true);
    expect(readdirSync(nested)).toEqual([]); // the write probe is removed
  });

  it('names the setting when the folder cannot be used or the cap is not a number of MiB', () => {
    const file = join(dir, 'taken');
    writeFileSync(file, '');
    expect(checkMediaSettings({ SAMVAD_MEDIA_DIR: file })).toEqual([`SAMVAD_MEDIA_DIR "${file}" cannot be used: it is a file, not a folder`]);
    expect(checkMediaSettings({ SAMVAD_MEDIA_DIR: join(file, 'sub') })).toEqual([`SAMVAD_MEDIA_DIR "${join(file, 'sub')}" cannot be used: it is a file, not a folder`]);
    expect(checkMediaSettings({ SAMVAD_MEDIA_MAX_MB: '0' })).toEqual(['SAMVAD_MEDIA_MAX_MB must be a whole number from 1 to 1024, got "0"']);
    expect(checkMediaSettings({ SAMVAD_MEDIA_MAX_MB: '2.5' })).toHaveLength(1);
  });

  it('refuses a folder this process may not write (checked as a non-root user when the tests run as one)', () => {
    const locked = join(dir, 'locked');
    checkMediaSettings({ SAMVAD_MEDIA_DIR: locked });
    chmodSync(locked, 0o500);
    const errors = checkMediaSettings({ SAMVAD_MEDIA_DIR: locked });
    // root may write anywhere: then the folder is usable, which is also the truth.
    expect(errors).toEqual(process.getuid?.() === 0 ? [] : [`SAMVAD_MEDIA_DIR "${locked}" cannot be used: the folder is not writable by this process (permission denied)`]);
    chmodSync(locked, 0o700);
  });

  it('maps WhatsApp’s media types to file extensions', () => {
    expect(['image/jpeg', 'image/webp', 'video/3gpp', 'audio/ogg; codecs=opus', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x/unknown'].map(extensionFor)).toEqual([
      'jpg',
      'webp',
      '3gp',
      'ogg',
      'docx',
      'bin',
    ]);
  });
});

describe('the fake Graph API’s media routes', () => {
  const root = () => fake.url.replace(/\/v23\.0$/, '');

  it('takes a file by POST /_media/{id} and serves lookup and download only with the bearer token', async () => {
    const bytes = randomBytes(2048);
    const put = await fetch(`${root()}/_media/901`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: bytes });
    expect(await put.json()).toEqual({ id: '901', bytes: 2048, mime: 'application/pdf' });
    const anonymous = await fetch(`${fake.url}/901`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 190 } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const lookup = (await (await fetch(`${fake.url}/901`, { headers: auth })).json()) as Record<string, string>;
    expect(lookup).toMatchObject({ messaging_product: 'whatsapp', id: '901', mime_type: 'application/pdf', file_size: '2048' });
    expect(lookup.sha256).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await fetch(lookup.url as string)).status).toBe(401);
    const download = await fetch(lookup.url as string, { headers: auth });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 404 for media it does not have, and 400 for a bad announced size', async () => {
    expect((await fetch(`${fake.url}/424242`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(`${root()}/_media/1?file_size=-1`, { method: 'POST', body: 'x' })).status).toBe(400);
  });

  it('counts lookups and downloads in GET /_count', async () => {
    const counts = (await (await fetch(`${root()}/_count`)).json()) as { media: { lookups: number; downloads: number } };
    expect(counts.media).toEqual(fake.mediaRequests());
  });
});
