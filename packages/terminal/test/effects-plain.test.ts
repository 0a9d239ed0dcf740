import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptChat } from './support/script-chat.js';
import type { RunChatOptions, Transcript } from '../src/index.js';
import { parseCommand } from '../src/chat/commands.js';

const BOT = join(import.meta.dirname, 'fixtures', 'grievance', 'bot.flow');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvad-effects-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The grievance test bot in script mode, in English. */
const chat = (lines: readonly string[], options: Partial<RunChatOptions> = {}) => scriptChat(BOT, dir, lines, { lang: 'en', ...options });

const REPORT = ['1', 'Water on the road', '/photo "the flooded lane"', '/location 19.84, 75.88 Jalna bus stand'];

describe('the plain transcript shows media, links, calls and what the citizen sends', () => {
  it('a grievance: the photo and place as sent, the call with its fields and answer, then the reply', async () => {
    const { code, out, err } = await chat(REPORT, { callers: { grievances: async () => ({ ok: true, answer: { reference: 'JAL-2026-0042', eta: 3 } }) } });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('you: [🖼 photo: the flooded lane]\nbot: Share the place (tap 📎 then Location)');
    expect(out).toContain(
      [
        'you: [📍 location 19.84, 75.88 Jalna bus stand]',
        '-- call grievances',
        '--   problem: Water on the road',
        '--   photo: sim-media-1',
        '--   place: 19.84,75.88 Jalna bus stand',
        '--   → answered reference: JAL-2026-0042, eta: 3',
        'bot: Registered. Reference: *JAL-2026-0042*',
      ].join('\n'),
    );
  });

  it('a call with no answer says which endpoint had none, and the fallback page follows', async () => {
    const { out } = await chat(REPORT, { noCaller: (endpoint) => `no canned answer for endpoint "${endpoint}"` });
    expect(out).toContain('--   → failed (error): no canned answer for endpoint "grievances"\nbot: The grievance could not be sent now. Please try later.');
  });

  it('an answer without the field the flow receives is a failed call: the transcript names the field, the fallback page follows', async () => {
    const { out } = await chat(REPORT, { callers: { grievances: async () => ({ ok: true, answer: { status: 'registered' } }) } });
    expect(out).toContain('--   → failed (incomplete): the answer has no "reference" (receive reference -> ref)\nbot: The grievance could not be sent now. Please try later.');
    expect(out).not.toContain('Registered. Reference');
  });

  it('a failing endpoint shows its reason', async () => {
    const { out } = await chat(REPORT, { callers: { grievances: async () => ({ ok: false, reason: 'timeout' }) } });
    expect(out).toContain('--   → failed (timeout)\nbot: The grievance could not be sent now.');
  });

  it('a page of media and a link button: placeholders with captions, the button with its address', async () => {
    const { out } = await chat(['2']);
    expect(out).toContain(
      [
        'you: 2',
        'bot: The water supply scheme\'s form is below.',
        'bot: [🖼 image: Collector\'s office, Jalna]',
        '     https://example.gov.in/img/office.jpg',
        'bot: [📄 document arj.pdf: Application form]',
        '     https://example.gov.in/forms/arj.pdf',
        'bot: Open GR (PDF)',
        '',
        '     [🔗 Open GR (PDF) → https://example.gov.in/gr/2026-water.pdf]',
      ].join('\n'),
    );
  });

  it('a document where a photo is asked is a miss (retry text); the JSON transcript carries calls and inbound', async () => {
    const { out } = await chat(['1', 'x', '/document letter.pdf', '/photo', '/location 19.84,75.88'], {
      json: true,
      callers: { grievances: async () => ({ ok: true, answer: { reference: 'R-1' } }) },
    });
    const turns = JSON.parse(out) as Transcript;
    expect(turns[3]?.inbound).toEqual({ kind: 'media', mediaType: 'document', id: 'sim-media-1', mime: 'application/pdf', filename: 'letter.pdf' });
    expect(turns[3]?.outbound[0]).toEqual({ kind: 'text', text: 'Please send a photo (tap 📎 then Camera)' });
    expect(turns[4]?.inbound).toEqual({ kind: 'media', mediaType: 'image', id: 'sim-media-2', mime: 'image/jpeg' });
    expect(turns[5]?.inbound).toEqual({ kind: 'location', latitude: 19.84, longitude: 75.88 });
    expect(turns[5]?.calls).toEqual([
      {
        request: expect.objectContaining({ endpoint: 'grievances', node: 'submit', fields: { problem: 'x', photo: 'sim-media-2', place: '19.84,75.88 ' } }),
        result: { ok: true, answer: { reference: 'R-1' } },
      },
    ]);
  });

  it('a bad /location stops the script with its usage', async () => {
    const { code, err } = await chat(['1', 'x', '/photo', '/location Jalna']);
    expect(code).toBe(1);
    expect(err).toContain('usage: /location lat,long [name], e.g. /location 19.84,75.88 Jalna');
  });
});

describe('parseCommand: what the phone sends', () => {
  it('reads /photo, /document, /location and /contact', () => {
    expect(parseCommand('/photo', 'm1')).toEqual({ kind: 'send', inbound: { kind: 'media', mediaType: 'image', id: 'm1', mime: 'image/jpeg' } });
    expect(parseCommand('/photo पाणी साचले', 'm2')).toEqual({
      kind: 'send',
      inbound: { kind: 'media', mediaType: 'image', id: 'm2', mime: 'image/jpeg', caption: 'पाणी साचले' },
    });
    expect(parseCommand('/document "my form.docx" signed copy', 'm3')).toEqual({
      kind: 'send',
      inbound: {
        kind: 'media',
        mediaType: 'document',
        id: 'm3',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        filename: 'my form.docx',
        caption: 'signed copy',
      },
    });
    expect(parseCommand('/location -19.5,75 "जालना"')).toEqual({ kind: 'send', inbound: { kind: 'location', latitude: -19.5, longitude: 75, name: 'जालना' } });
    expect(parseCommand('/contact "Asha Patil" +91 98000 00000')).toEqual({ kind: 'send', inbound: { kind: 'contact', name: 'Asha Patil', phone: '+91 98000 00000' } });
    expect(parseCommand('/contact Asha Patil +919800000000')).toEqual({ kind: 'send', inbound: { kind: 'contact', name: 'Asha Patil', phone: '+919800000000' } });
    expect(parseCommand('/contact आशा')).toEqual({ kind: 'send', inbound: { kind: 'contact', name: 'आशा' } });
  });

  it('says how to use them when the arguments are wrong', () => {
    expect(parseCommand('/document')).toEqual({ kind: 'invalid', message: 'usage: /document name.pdf [caption], e.g. /document arj.pdf Application form' });
    expect(parseCommand('/location 19.84,200')).toEqual({
      kind: 'invalid',
      message: 'longitude 200 is out of range (−180 to 180); usage: /location lat,long [name], e.g. /location 19.84,75.88 Jalna',
    });
    expect(parseCommand('/contact "Asha" call-me')).toEqual({
      kind: 'invalid',
      message: '"call-me" is not a phone number; usage: /contact "Name" +91…, e.g. /contact "Asha Patil" +919800000000',
    });
    expect(parseCommand('/fotos')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/photo [caption]') });
  });
});
