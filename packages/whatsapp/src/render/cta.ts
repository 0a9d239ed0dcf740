/**
 * WhatsApp's call-to-action URL button (`interactive` of type `cta_url`): a body and one button
 * that opens an address. Used for a page's single link and for a flow's `button` block. Meta's
 * limits (body ≤ 1024, display text ≤ 20) and an https address are required; otherwise the same
 * words go out as text with the address, which WhatsApp still makes tappable.
 */
import { WHATSAPP_LIMITS, codePointLength } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { CtaUrlBody } from './bodies.js';

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
