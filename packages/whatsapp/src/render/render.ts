/**
 * Runtime `Outbound` → WhatsApp request bodies. Pure. The layout decision (buttons / list /
 * numbered text) is the runtime's `menuLayout`, shared with the simulator and the compiler.
 */
import { WHATSAPP_LIMITS, menuLayout } from '@samvad/runtime';
import type { Outbound, OutboundLink, OutboundOption } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { ListBody, ReplyButtonsBody, WhatsAppBody } from './bodies.js';
import { ctaUrlBodies, ctaUrlBody } from './cta.js';
import { labelsFor } from './labels.js';
import type { RenderLabels } from './labels.js';
import { renderMedia } from './media.js';
import { textBodies, withLinkLines } from './text.js';

/** Ids longer than this cannot be a reply-button id (256) or list-row id (200): use the stricter. */
const MAX_REPLY_ID = WHATSAPP_LIMITS.replyId;

/**
 * Renders one outbound message for recipient `to` in language `lang` (which picks the adapter's
 * own words, e.g. the list button). Returns one body, or several when text must be split.
 */
export function renderWhatsApp(
  outbound: Outbound,
  to: string,
  lang: string,
  labels: RenderLabels = labelsFor(lang),
): WhatsAppBody[] {
  switch (outbound.kind) {
    case 'text':
      return textBodies(outbound.text, to);
    case 'menu':
      return renderMenu(outbound.body, outbound.options, to, labels);
    case 'page':
      return renderPage(outbound.text, outbound.bullets, outbound.links, to);
    case 'media':
      return renderMedia(outbound, to);
    case 'button':
      return renderButton(outbound.body, outbound.label, outbound.url, to);
    default: {
      const never: never = outbound;
      throw new Error(`unknown outbound kind: ${JSON.stringify(never)}`);
    }
  }
}

function renderMenu(body: string, options: readonly OutboundOption[], to: string, labels: RenderLabels): WhatsAppBody[] {
  const idsFit = options.every((o) => o.id.length > 0 && o.id.length <= MAX_REPLY_ID && o.id.trim() === o.id);
  const titlesUnique = new Set(options.map((o) => o.title)).size === options.length;
  const layout = body.trim() !== '' && idsFit && titlesUnique ? menuLayout(body, options) : 'numbered';
  switch (layout) {
    case 'buttons':
      return [buttonsBody(body, options, to)];
    case 'list':
      return [listBody(body, options, to, labels)];
    case 'numbered':
      return textBodies(numberedText(body, options, labels), to);
    default: {
      const never: never = layout;
      throw new Error(`unknown layout: ${String(never)}`);
    }
  }
}

function buttonsBody(body: string, options: readonly OutboundOption[], to: string): ReplyButtonsBody {
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: body },
      action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.title } })) },
    },
  };
}

function listBody(body: string, options: readonly OutboundOption[], to: string, labels: RenderLabels): ListBody {
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: {
        button: labels.listButton,
        sections: [
          {
            title: labels.listSection,
            rows: options.map((o) =>
              o.description === undefined || o.description === ''
                ? { id: o.id, title: o.title }
                : { id: o.id, title: o.title, description: o.description },
            ),
          },
        ],
      },
    },
  };
}

/** `body`, then one `N. title — description` line per option. */
export function numberedText(body: string, options: readonly OutboundOption[], labels: RenderLabels): string {
  const lines = options.map((o) =>
    o.description === undefined || o.description === ''
      ? `${o.number}. ${o.title}`
      : `${o.number}. ${o.title} — ${o.description}`,
  );
  return [body, `${labels.numberedHint}\n${lines.join('\n')}`].filter((p) => p.trim() !== '').join('\n\n');
}

/** A page: its text and bullets; a single link that fits becomes a cta_url button, else links are text lines. */
function renderPage(text: string, bullets: readonly string[], links: readonly OutboundLink[], to: string): WhatsAppBody[] {
  const body = [text, bullets.map((b) => `• ${b}`).join('\n')].filter((p) => p.trim() !== '').join('\n\n');
  const [only] = links;
  const cta = links.length === 1 && only !== undefined ? ctaUrlBody(body, only.label, only.url, to) : undefined;
  return cta !== undefined ? [cta] : textBodies(withLinkLines(body, links), to);
}

/**
 * A flow's `button`: a cta_url when it fits (an empty body takes the label), a body too long for
 * one sent as text before it, otherwise the text "body, then 🔗 label: url" — the address always
 * reaches the citizen.
 */
function renderButton(body: string, label: string, url: string, to: string): WhatsAppBody[] {
  return ctaUrlBodies(body.trim() === '' ? label : body, label, url, to) ?? textBodies(withLinkLines(body, [{ label, url }]), to);
}
