/**
 * The plain-text picture of one outbound message: exactly what a citizen would see on WhatsApp,
 * written as text so transcripts and conversation tests can compare it line by line.
 */
import { fileNameOfUrl, menuLayout } from '@samvad/runtime';
import type { Outbound, OutboundOption } from '@samvad/runtime';
import { listButtonLabel } from './labels.js';

export interface RenderPlainOptions {
  /** Language of the conversation; picks the list button's default label. */
  readonly lang?: string;
  /** The label on a list's button (WhatsApp's `action.button`); defaults by language. */
  readonly listButton?: string;
}

/**
 * Renders one outbound message as WhatsApp presents it:
 * reply buttons as `[ 1 Title ]  [ 2 Title ]`, a list as its body, `☰ <button>` and its rows
 * (as when opened), numbered text as `1. Title` lines, a page as paragraphs, `• bullets` and
 * `🔗 label: url` links, media as a placeholder with its caption (`[🖼 image: caption]`) over its
 * address, a tappable link as its body over `[🔗 label → url]`. The layout comes from the
 * runtime's `menuLayout`.
 */
export function renderPlain(outbound: Outbound, options: RenderPlainOptions = {}): string {
  switch (outbound.kind) {
    case 'text':
      return outbound.text;
    case 'menu':
      return renderMenu(outbound.body, outbound.options, options);
    case 'page':
      return joinSections([
        outbound.text,
        outbound.bullets.map((b) => `• ${b}`).join('\n'),
        outbound.links.map((l) => `🔗 ${l.label}: ${l.url}`).join('\n'),
      ]);
    case 'media':
      return `${mediaPlaceholder(outbound)}\n${outbound.url}`;
    case 'button':
      return joinSections([outbound.body, buttonLine(outbound.label, outbound.url)]);
    default:
      return unreachable(outbound);
  }
}

/**
 * A media message as the phone shows it before it is opened: `[🖼 image: caption]`,
 * `[📄 document arj.pdf: caption]`, `[🎬 video]`.
 */
export function mediaPlaceholder(media: Extract<Outbound, { kind: 'media' }>): string {
  const what = (() => {
    switch (media.mediaType) {
      case 'image':
        return '🖼 image';
      case 'document':
        return `📄 document ${media.filename ?? fileNameOfUrl(media.url) ?? media.url}`;
      case 'video':
        return '🎬 video';
      default:
        return unreachable(media.mediaType);
    }
  })();
  return media.caption === undefined || media.caption === '' ? `[${what}]` : `[${what}: ${media.caption}]`;
}

/** A tappable link button (WhatsApp's cta_url): `[🔗 label → url]`. */
export function buttonLine(label: string, url: string): string {
  return `[🔗 ${label} → ${url}]`;
}

function renderMenu(body: string, choices: readonly OutboundOption[], options: RenderPlainOptions): string {
  const layout = menuLayout(body, choices);
  switch (layout) {
    case 'buttons':
      return joinSections([body, choices.map((c) => `[ ${c.number} ${c.title} ]`).join('  ')]);
    case 'list': {
      const label = options.listButton ?? listButtonLabel(options.lang);
      const rows = choices.map((c) =>
        c.description ? `  ${c.number} ${c.title}\n    ${c.description}` : `  ${c.number} ${c.title}`,
      );
      return joinSections([body, [`☰ ${label}`, ...rows].join('\n')]);
    }
    case 'numbered':
      return joinSections([
        body,
        choices.map((c) => (c.description ? `${c.number}. ${c.title} — ${c.description}` : `${c.number}. ${c.title}`)).join('\n'),
      ]);
    default:
      return unreachable(layout);
  }
}

/** Non-empty sections separated by one blank line. */
function joinSections(sections: readonly string[]): string {
  return sections.filter((s) => s.trim() !== '').join('\n\n');
}

function unreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
