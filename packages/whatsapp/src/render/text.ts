/** Plain text bodies: WhatsApp's 4096-character limit, split at the gentlest boundary. */
import { WHATSAPP_LIMITS } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { TextBody } from './bodies.js';
import { splitText } from './split.js';

/** Text bodies of at most 4096 characters, split at paragraph/line boundaries; a link gets a preview. */
export function textBodies(text: string, to: string): TextBody[] {
  const content = text.trim() === '' ? '…' : text;
  return splitText(content, WHATSAPP_LIMITS.textBody).map((body) => ({
    ...envelope(to),
    type: 'text',
    text: /https?:\/\//.test(body) ? { body, preview_url: true } : { body },
  }));
}

/** `text` then the link lines (`🔗 label: url`), as one text of paragraphs (empty parts left out). */
export function withLinkLines(text: string, links: readonly { readonly label: string; readonly url: string }[]): string {
  const lines = links.map((l) => (l.label.trim() === '' ? `🔗 ${l.url}` : `🔗 ${l.label}: ${l.url}`)).join('\n');
  return [text, lines].filter((p) => p.trim() !== '').join('\n\n');
}
