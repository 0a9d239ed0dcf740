/**
 * The phone preview's model: a Cloud API body (exactly what `samvad serve` sends) → the bubble
 * WhatsApp shows. Pure, no DOM: shared by the browser and the server.
 */
import type { WhatsAppBody } from '@samvad/whatsapp';
import { fileNameOfUrl } from '@samvad/runtime';
import { formatText } from './preview-format.js';
import type { Bubble, BubbleTexts, PreviewRow } from './preview-types.js';

/** What WhatsApp shows for one body `serve` sends. */
export function previewOf(body: WhatsAppBody): Bubble {
  switch (body.type) {
    case 'text':
      return { kind: 'text', text: formatText(body.text.body), previewUrl: body.text.preview_url === true };
    case 'interactive':
      return interactive(body);
    case 'image':
    case 'document':
    case 'video':
      return media(body);
    default: {
      const never: never = body;
      throw new Error(`unknown body type: ${JSON.stringify(never)}`);
    }
  }
}

/** The bubbles of several bodies, in order (a turn usually sends one to three). */
export function previewsOf(bodies: readonly WhatsAppBody[]): Bubble[] {
  return bodies.map(previewOf);
}

function interactive(body: Extract<WhatsAppBody, { type: 'interactive' }>): Bubble {
  const i = body.interactive;
  switch (i.type) {
    case 'button':
      return {
        kind: 'buttons',
        body: formatText(i.body.text),
        buttons: i.action.buttons.map((b) => ({ id: b.reply.id, title: b.reply.title })),
      };
    case 'list':
      return {
        kind: 'list',
        body: formatText(i.body.text),
        button: i.action.button,
        sections: i.action.sections.map((s) => ({
          title: s.title,
          rows: s.rows.map((r): PreviewRow =>
            r.description === undefined ? { id: r.id, title: r.title } : { id: r.id, title: r.title, description: r.description },
          ),
        })),
      };
    case 'cta_url':
      return { kind: 'link', body: formatText(i.body.text), label: i.action.parameters.display_text, url: i.action.parameters.url };
    default: {
      const never: never = i;
      throw new Error(`unknown interactive type: ${JSON.stringify(never)}`);
    }
  }
}

function media(body: Extract<WhatsAppBody, { type: 'image' | 'document' | 'video' }>): Bubble {
  const inner = body.type === 'image' ? body.image : body.type === 'video' ? body.video : body.document;
  const url = inner.link;
  const caption = inner.caption;
  // A document shows its file name; sent without one, WhatsApp shows the last part of the address.
  const filename = body.type === 'document' ? (body.document.filename ?? fileNameOfUrl(url) ?? url) : undefined;
  return {
    kind: 'media',
    mediaType: body.type,
    url,
    ...(filename === undefined ? {} : { filename }),
    ...(caption === undefined ? {} : { caption: formatText(caption) }),
  };
}

/** The words a bubble puts on screen: its text(s), its buttons' labels and its rows. */
export function bubbleTexts(bubble: Bubble): BubbleTexts {
  switch (bubble.kind) {
    case 'text':
      return { texts: [bubble.text.raw], buttons: [], rows: [] };
    case 'buttons':
      return { texts: [bubble.body.raw], buttons: bubble.buttons.map((b) => b.title), rows: [] };
    case 'list':
      return {
        texts: [bubble.body.raw],
        buttons: [bubble.button],
        rows: bubble.sections.flatMap((s) => s.rows.map(rowLine)),
      };
    case 'link':
      return { texts: [bubble.body.raw], buttons: [bubble.label], rows: [] };
    case 'media':
      return { texts: bubble.caption === undefined ? [] : [bubble.caption.raw], buttons: [], rows: [] };
    default: {
      const never: never = bubble;
      throw new Error(`unknown bubble: ${JSON.stringify(never)}`);
    }
  }
}

/** `title` or `title — description`. */
export function rowLine(row: PreviewRow): string {
  return row.description === undefined ? row.title : `${row.title} — ${row.description}`;
}
