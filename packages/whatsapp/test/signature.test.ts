import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerHandshake, maskPhone, signBody, verifySignature } from '@samvad/whatsapp';
import { payloadBytes } from './support/payloads.js';

const SECRET = 'app-secret-for-tests';

describe('X-Hub-Signature-256', () => {
  const body = payloadBytes('inbound-text');

  it('accepts the HMAC-SHA256 of the raw bytes with the app secret', () => {
    const header = 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex');
    expect(signBody(body, SECRET)).toBe(header);
    expect(verifySignature(body, header, SECRET)).toBe(true);
    expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(body, signBody(body, 'another-secret'), SECRET)).toBe(false);
  });

  it('rejects a missing or malformed header', () => {
    expect(verifySignature(body, undefined, SECRET)).toBe(false);
    expect(verifySignature(body, '', SECRET)).toBe(false);
    expect(verifySignature(body, 'sha1=abc', SECRET)).toBe(false);
    expect(verifySignature(body, 'sha256=' + 'a'.repeat(63), SECRET)).toBe(false);
    expect(verifySignature(body, 'sha256=zz' + 'a'.repeat(62), SECRET)).toBe(false);
  });

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    const header = signBody(body, SECRET);
    const tampered = Buffer.from(body.toString('utf8').replace('another color', 'another colour'));
    expect(verifySignature(tampered, header, SECRET)).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.equals(body)).toBe(false);
    expect(verifySignature(reserialised, header, SECRET)).toBe(false);
  });

  it('signs non-ASCII bodies byte for byte', () => {
    const marathi = Buffer.from('{"text":"नमस्कार"}');
    expect(verifySignature(marathi, signBody(marathi, SECRET), SECRET)).toBe(true);
  });
});

describe('verification handshake', () => {
  const query = (q: Record<string, string>) => new URLSearchParams(q);

  it('echoes the challenge when the mode is subscribe and the token matches', () => {
    const reply = answerHandshake(query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' }), 'tok');
    expect(reply).toEqual({ status: 200, body: '1158201444' });
  });

  it('refuses a wrong token, a wrong mode or a missing challenge with 403', () => {
    expect(answerHandshake(query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }), 'tok').status).toBe(403);
    expect(answerHandshake(query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' }), 'tok').status).toBe(403);
    expect(answerHandshake(query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }), 'tok').status).toBe(403);
    expect(answerHandshake(query({}), 'tok').status).toBe(403);
  });
});

describe('phone masking', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('919876504321')).toBe('91******4321');
    expect(maskPhone('16505551234')).toBe('16*****1234');
  });

  it('hides very short ids completely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});
