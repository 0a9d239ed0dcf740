/**
 * WhatsApp's call-to-action URL button (`interactive` of type `cta_url`): a body and one button
 * that opens an address. Used for a page's single link and for a flow's `button` block. Meta's
 * limits (body ≤ 1024, display text ≤ 20) and an https address are required; otherwise the same
 * words go out as text with the address, which WhatsApp still makes tappable. A flow's `button`
 * whose body is longer (a page's text folded into it) keeps its button: the start of the body goes
 * out as text first, the end with the button (`ctaUrlBodies`).
 */
import { WHATSAPP_LIMITS, codePointLength } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { CtaUrlBody, WhatsAppBody } from './bodies.js';
import { splitText } from './split.js';
import { textBodies } from './text.js';

/** Whether `url` is an absolute https address (what a tappable button and a media link need). */
export function isHttpsUrl(url: string): boolean {
  if (url !== url.trim() || /\s/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** The cta_url body for `body` + a button `label` opening `url`, or `undefined` when it cannot be one. */
export function ctaUrlBody(body: string, label: string, url: string, to: string): CtaUrlBody | undefined {
  const fits =
    body.trim() !== '' &&
    codePointLength(body) <= WHATSAPP_LIMITS.interactiveBody &&
    label.trim() !== '' &&
    codePointLength(label) <= WHATSAPP_LIMITS.ctaDisplayText &&
    isHttpsUrl(url);
  if (!fits) return undefined;
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'cta_url',
      body: { text: body },
      action: { name: 'cta_url', parameters: { display_text: label, url } },
    },
  };
}

/**
 * A button's messages: one cta_url when the body fits; when only the body is too long, text
 * message(s) with its start, then a cta_url with its end — at most 1024 characters, cut at a
 * paragraph, line or space, as long text is (so no body over Meta's limit is ever sent, and the
 * citizen reads the text in order, the button last). `undefined` when no cta_url can be made (a
 * label over 20 characters, an address that is not https): the caller sends text with the address.
 */
export function ctaUrlBodies(body: string, label: string, url: string, to: string): WhatsAppBody[] | undefined {
  const whole = ctaUrlBody(body, label, url, to);
  if (whole !== undefined) return [whole];
  if (codePointLength(body) <= WHATSAPP_LIMITS.interactiveBody) return undefined;
  const chunks = splitText(body, WHATSAPP_LIMITS.interactiveBody);
  const last = chunks[chunks.length - 1];
  if (last === undefined || chunks.length < 2) return undefined;
  const cta = ctaUrlBody(last, label, url, to);
  if (cta === undefined) return undefined;
  // The chunks are pieces of `body` in order: the last one ends it (up to a trailing separator).
  const head = body.slice(0, body.lastIndexOf(last)).trimEnd();
  return head.trim() === '' ? [cta] : [...textBodies(head, to), cta];
}
