/**
 * End to end: the real `samvad serve` (SQLite and PostgreSQL) with SAMVAD_MEDIA_DIR and the real
 * `samvad fake-graph-api`: a citizen's photo is downloaded into the folder before the turn that
 * takes it runs, and the flow sees its path; a file over SAMVAD_MEDIA_MAX_MB is refused and the
 * turn still runs (without a path).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedSend } from '@samvad/whatsapp';
import { runSamvad } from './support/processes.js';
import { fakeGraphForFile, serveAgainst, serveEnv } from './support/served-bot.js';
import { storesForFile } from './support/stores.js';
import { PHONE_NUMBER_ID, deliveryBody, newWamid, postWebhook, waitFor } from './support/webhook-bodies.js';

const SECRET = 'media-app-secret';
const TOKEN = 'media-access-token';
const FLOW = 'packages/whatsapp/test/fixtures/media/photo.flow';
const MB = 1024 * 1024;

const fake = fakeGraphForFile('media', TOKEN);
const stores = storesForFile(fake);

/** Puts a file into the fake Graph API as media `id`. */
async function putMedia(id: string, bytes: Buffer, mime: string): Promise<void> {
  const res = await fetch(`${fake.base}/_media/${id}`, { method: 'POST', headers: { 'content-type': mime }, body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
}

/** A signed delivery of one image message, shaped like Meta's `inbound-image.json`. */
function imageDelivery(from: string, id: string, caption: string): string {
  const message = { from, id: newWamid(), timestamp: String(Math.floor(Date.now() / 1000)), type: 'image', image: { caption, mime_type: 'image/jpeg', sha256: 'x', id } };
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
    contacts: [{ profile: { name: 'Test' }, wa_id: from }],
    messages: [message],
  };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '419561257915477', changes: [{ value, field: 'messages' }] }] });
}

const textOf = (s: RecordedSend | undefined) => String((s?.body.text as { body?: string } | undefined)?.body ?? '');
const replies = (user: string, count: number) =>
  waitFor(`${count} replies to ${user}`, async () => {
    const sends = await fake.sentTo(user);
    return sends.length >= count ? sends : undefined;
  }, 60_000);

describe('samvad serve with SAMVAD_MEDIA_DIR (real processes)', () => {
  it('refuses to start when the media folder cannot be used, naming the setting (exit 2)', async () => {
    const taken = join(fake.dir, 'not-a-folder');
    writeFileSync(taken, '');
    const env = serveEnv(fake, { secret: SECRET, db: 'refused.db', extra: { SAMVAD_MEDIA_DIR: taken, SAMVAD_MEDIA_MAX_MB: 'big' } });
    const { code, out } = await runSamvad(['serve', FLOW, '--no-watch'], env);
    expect(code).toBe(2);
    expect(out).toContain(`SAMVAD_MEDIA_DIR "${taken}" cannot be used: it is a file, not a folder`);
    expect(out).toContain('SAMVAD_MEDIA_MAX_MB must be a whole number from 1 to 1024, got "big"');
  });
});

describe('samvad serve with SAMVAD_MEDIA_KEEP_DAYS (real processes)', () => {
  it('refuses a retention that is no positive number of days, naming the setting (exit 2)', async () => {
    const env = serveEnv(fake, { secret: SECRET, db: 'keep-refused.db', extra: { SAMVAD_MEDIA_DIR: join(fake.dir, 'keep-refused'), SAMVAD_MEDIA_KEEP_DAYS: '0' } });
    const { code, out } = await runSamvad(['serve', FLOW, '--no-watch'], env);
    expect(code).toBe(2);
    expect(out).toContain('SAMVAD_MEDIA_KEEP_DAYS must be a number of days above 0 and at most 3650 (e.g. 30, or 0.5 for 12 hours), got "0"');
  });

  it('deletes the files older than the retention at start, keeps the others, and counts the deletions in /metrics', async () => {
    const media = join(fake.dir, 'keep-media');
    mkdirSync(media, { recursive: true });
    const aged = (name: string, days: number) => {
      const path = join(media, name);
      writeFileSync(path, randomBytes(100));
      const at = new Date(Date.now() - days * 86_400_000);
      utimesSync(path, at, at);
      return path;
    };
    const old = [aged('70001.jpg', 8), aged('70002.pdf', 30)];
    const fresh = aged('70003.jpg', 6);
    const server = await serveAgainst(fake, [FLOW, '--no-watch'], { secret: SECRET, db: 'keep.db', extra: { SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_KEEP_DAYS: '7' } });
    try {
      await waitFor('the old files deleted', () => (old.every((path) => !existsSync(path)) ? true : undefined), 30_000);
      expect(existsSync(fresh)).toBe(true);
      const metrics = await (await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
      expect(metrics).toMatch(/^samvad_media_deleted_total 2$/m);
      expect(server.output()).toContain('"media.swept"');
    } finally {
      await server.stop();
    }
  });
});

describe('samvad serve without SAMVAD_MEDIA_DIR (real processes)', () => {
  it('downloads nothing: the flow gets the media id without a path, and /metrics still answers', async () => {
    const server = await serveAgainst(fake, [FLOW, '--no-watch'], { secret: SECRET, db: 'no-media.db' });
    try {
      const user = '919600000003';
      await putMedia('73001', randomBytes(1000), 'image/jpeg');
      const before = ((await (await fetch(`${fake.base}/_count`)).json()) as { media: { lookups: number } }).media.lookups;
      await postWebhook(server.url, deliveryBody([{ from: user, text: 'hi' }]), SECRET);
      await replies(user, 1);
      await postWebhook(server.url, imageDelivery(user, '73001', 'no download'), SECRET);
      const sends = await replies(user, 2);
      expect(textOf(sends[1])).toContain('Got photo 73001 (image/jpeg) caption [no download] file []');
      const after = ((await (await fetch(`${fake.base}/_count`)).json()) as { media: { lookups: number } }).media.lookups;
      expect(after).toBe(before);
      const metrics = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('# TYPE samvad_media_downloads_total counter');
    } finally {
      await server.stop();
    }
  });
});

describe.each(stores)('samvad serve on $name downloads the media citizens send', (store) => {
  it('puts a photo in the folder before its turn; refuses one over the cap and still answers', async () => {
    const media = join(fake.dir, `media-${store.name}`, 'inbox'); // made by serve at start-up
    const server = await serveAgainst(fake, [FLOW, '--no-watch'], {
      secret: SECRET,
      db: await store.db('media.db'),
      extra: { ...store.env, SAMVAD_MEDIA_DIR: media, SAMVAD_MEDIA_MAX_MB: '1' },
    });
    try {
      expect(existsSync(media)).toBe(true);
      const user = store.name === 'sqlite' ? '919600000001' : '919600000002';
      const photo = randomBytes(300 * 1024);
      const big = randomBytes(MB + 1);
      const [okId, bigId] = store.name === 'sqlite' ? ['71001', '71002'] : ['72001', '72002'];
      await putMedia(okId, photo, 'image/jpeg');
      await putMedia(bigId, big, 'image/jpeg');

      await postWebhook(server.url, deliveryBody([{ from: user, text: 'hi' }]), SECRET);
      expect(textOf((await replies(user, 1))[0])).toBe('Send a photo of the problem');

      await postWebhook(server.url, imageDelivery(user, okId, 'खड्डा'), SECRET);
      const afterPhoto = await replies(user, 2);
      const path = join(media, `${okId}.jpg`);
      expect(textOf(afterPhoto[1])).toContain(`Got photo ${okId} (image/jpeg) caption [खड्डा] file [${path}]`);
      expect(readFileSync(path).equals(photo)).toBe(true);

      await postWebhook(server.url, imageDelivery(user, bigId, 'मोठा'), SECRET);
      const afterBig = await replies(user, 3);
      expect(textOf(afterBig[2])).toContain(`Got photo ${bigId} (image/jpeg) caption [मोठा] file []`);
      expect(readdirSync(media)).toEqual([`${okId}.jpg`]);

      // A photo nobody asked for (a new citizen's first message) is not downloaded.
      const stranger = store.name === 'sqlite' ? '919600000011' : '919600000012';
      const unasked = store.name === 'sqlite' ? '71003' : '72003';
      await putMedia(unasked, randomBytes(1000), 'image/jpeg');
      await postWebhook(server.url, imageDelivery(stranger, unasked, 'spam'), SECRET);
      await replies(stranger, 1);
      expect(readdirSync(media)).toEqual([`${okId}.jpg`]);

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('samvad_media_downloads_total{outcome="ok"} 1');
      expect(metrics).toContain('samvad_media_downloads_total{outcome="too_big"} 1');
      expect(server.output()).toMatch(/"event":"media\.download_failed".*"reason":"too_big"/);
    } finally {
      await server.stop();
    }
  });
});
