/** Renders outbound messages as short readable lines, so trace fixtures read like a chat. */
import type { Outbound } from '../../src/engine/types.js';

/**
 * `text: …`; `menu: body | 1 Title [id] | 2 …`; `page: text | • bullet | 🔗 label <url>`;
 * `media: image url [name file.pdf] [| caption]`; `button: body | [label] <url>`.
 */
export function transcript(outbound: readonly Outbound[]): string[] {
  return outbound.map((message) => {
    switch (message.kind) {
      case 'text':
        return `text: ${message.text}`;
      case 'menu':
        return [
          `menu: ${message.body}`,
          ...message.options.map(
            (o) => `${o.number} ${o.title}${o.description === undefined ? '' : ` (${o.description})`} [${o.id}]`,
          ),
        ].join(' | ');
      case 'page':
        return [
          `page: ${message.text}`,
          ...message.bullets.map((b) => `• ${b}`),
          ...message.links.map((l) => `🔗 ${l.label} <${l.url}>`),
        ].join(' | ');
      case 'media':
        return `media: ${message.mediaType} ${message.url}${message.filename === undefined ? '' : ` name ${message.filename}`}${message.caption === undefined ? '' : ` | ${message.caption}`}`;
      case 'button':
        return `button: ${message.body} | [${message.label}] <${message.url}>`;
      default: {
        const never: never = message;
        throw new Error(`unknown outbound ${JSON.stringify(never)}`);
      }
    }
  });
}
