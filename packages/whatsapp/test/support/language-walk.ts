/**
 * Jalna Mitra's three-language walk, as the serve suites send it (SQLite and PostgreSQL): a
 * delivery with a wrong signature first, then नमस्कार (Marathi home), "4" twice under one wamid
 * (Hindi; the second a duplicate to be answered once) and "5" (English).
 */
import { expect } from 'vitest';
import { signBody } from '@samvad/whatsapp';
import { deliveryBody, newWamid, postWebhook } from './webhook-bodies.js';

/** Sends the walk as `user` to the server at `url`: the wrong signature is refused (401), every other delivery accepted (200). */
export async function sendLanguageWalk(url: string, user: string, secret: string): Promise<void> {
  const say = async (text: string, id = newWamid()) => {
    const res = await postWebhook(url, deliveryBody([{ from: user, text, id }]), secret);
    expect(res.status).toBe(200);
  };
  const bad = deliveryBody([{ from: user, text: 'hi' }]);
  expect((await postWebhook(url, bad, secret, signBody(bad, 'wrong'))).status).toBe(401);
  await say('नमस्कार');
  const duplicate = newWamid();
  await say('4', duplicate);
  await say('4', duplicate);
  await say('5');
}
