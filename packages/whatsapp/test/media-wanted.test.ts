/** Which media files serve downloads: only the kind the citizen's current input waits for. */
import { describe, expect, it } from 'vitest';
import type { Graph, Inbound, Session } from '@samvad/runtime';
import { isFileWanted } from '../src/media/wanted.js';

const NOW = 1_800_000_000_000;
const input = (kind: 'photo' | 'document' | 'location' | 'any') => ({
  kind: 'input' as const,
  text: { en: 'Send it' },
  variable: 'x',
  validate: { kind },
  retry: { en: 'Again' },
  retries: 3,
  onFail: 'menu',
  next: 'menu',
});
const graph = {
  settings: { retries: 3, idleTimeoutMs: 30 * 60_000 },
  nodes: {
    photo: input('photo'),
    doc: input('document'),
    place: input('location'),
    free: input('any'),
    menu: { kind: 'menu', text: { en: 'Menu' }, options: [] },
  },
} as unknown as Graph;
const at = (node: string, extra: Partial<Session> = {}): Session =>
  ({ v: 1, node, lang: 'en', vars: {}, history: [], graphHash: 'h', createdAt: NOW - 1000, updatedAt: NOW - 1000, misses: 0, ...extra }) as Session;
const media = (mediaType: 'image' | 'document' | 'sticker' | 'audio'): Inbound => ({ kind: 'media', mediaType, id: '1', mime: 'image/jpeg' });

describe('isFileWanted', () => {
  it('wants an image at a photo input and a document at a document input', () => {
    expect(isFileWanted(graph, at('photo'), media('image'), NOW)).toBe(true);
    expect(isFileWanted(graph, at('doc'), media('document'), NOW)).toBe(true);
  });
  it('wants nothing else: other kinds, other nodes, no session, a pending question, an idle session', () => {
    expect(isFileWanted(graph, at('photo'), media('document'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('photo'), media('sticker'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('doc'), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('place'), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('free'), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('menu'), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('gone'), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, undefined, media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('photo', { pending: { kind: 'language' } }), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('photo', { updatedAt: NOW - 31 * 60_000 }), media('image'), NOW)).toBe(false);
    expect(isFileWanted(graph, at('photo'), { kind: 'text', text: 'hi' }, NOW)).toBe(false);
  });
});
