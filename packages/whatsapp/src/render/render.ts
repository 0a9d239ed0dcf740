/**
 * Runtime `Outbound` → WhatsApp request bodies. Pure. The layout decision (buttons / list /
 * numbered text) is the runtime's `menuLayout`, shared with the simulator and the compiler.
 */
import { WHATSAPP_LIMITS, codePointLength, menuLayout } from '@samvad/runtime';
import type { Outbound, OutboundLink, OutboundOption } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { CtaUrlBody, ListBody, MediaBody, ReplyButtonsBody, TextBody, WhatsAppBody } from './bodies.js';
import { labelsFor } from './labels.js';
import type { RenderLabels } from './labels.js';
import { splitText } from './split.js';

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
      return renderMedia(outbound.mediaType, outbound.url, outbound.caption, to);
    default: {
      const never: never = outbound;
      throw new Error(`unknown outbound kind: ${JSON.stringify(never)}`);
    }
  }
}

/** Text bodies of at most 4096 characters, split at paragraph/line boundaries. */
function textBodies(text: string, to: string): TextBody[] {
  const content = text.trim() === '' ? '…' : text;
  return splitText(content, WHATSAPP_LIMITS.textBody).map((body) => ({
    ...envelope(to),
    type: 'text',
    text: /https?:\/\//.test(body) ? { body, preview_url: true } : { body },
  }));
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

function renderPage(text: string, bullets: readonly string[], links: readonly OutboundLink[], to: string): WhatsAppBody[] {
  const paragraphs = [text, bullets.map((b) => `• ${b}`).join('\n')].filter((p) => p.trim() !== '');
  const [only] = links;
  if (links.length === 1 && only !== undefined) {
    const body = paragraphs.join('\n\n');
    const fits =
      body.trim() !== '' &&
      codePointLength(body) <= WHATSAPP_LIMITS.interactiveBody &&
      codePointLength(only.label) <= WHATSAPP_LIMITS.ctaDisplayText &&
      only.label.trim() !== '' &&
      /^https?:\/\//.test(only.url);
    if (fits) return [ctaBody(body, only, to)];
  }
  const linkLines = links.map((l) => `🔗 ${l.label}: ${l.url}`).join('\n');
  return textBodies([...paragraphs, linkLines].filter((p) => p.trim() !== '').join('\n\n'), to);
}

function ctaBody(body: string, link: OutboundLink, to: string): CtaUrlBody {
  return {
    ...envelope(to),
    type: 'interactive',
    interactive: {
      type: 'cta_url',
      body: { text: body },
      action: { name: 'cta_url', parameters: { display_text: link.label, url: link.url } },
    },
  };
}

function renderMedia(kind: 'image' | 'document', url: string, caption: string | undefined, to: string): WhatsAppBody[] {
  const fits = caption === undefined || codePointLength(caption) <= WHATSAPP_LIMITS.interactiveBody;
  const captionPart = caption !== undefined && caption !== '' && fits ? { caption } : {};
  const media: MediaBody =
    kind === 'image'
      ? { ...envelope(to), type: 'image', image: { link: url, ...captionPart } }
      : { ...envelope(to), type: 'document', document: { link: url, ...captionPart, ...fileName(url) } };
  return fits || caption === undefined ? [media] : [media, ...textBodies(caption, to)];
}

function fileName(url: string): { filename?: string } {
  const last = url.split(/[?#]/)[0]?.split('/').pop();
  if (last === undefined || last === '') return {};
  try {
    return { filename: decodeURIComponent(last) };
  } catch {
    return { filename: last };
  }
}
