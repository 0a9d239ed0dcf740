import type { PageDecl, Text } from '@samvad/dsl';
import { PARAGRAPH_MARKS } from '@samvad/runtime';

/** The text in one language of a text block: its line for `lang`, the neutral string, or `undefined`. */
export function textIn(text: Text | undefined, lang: string): string | undefined {
  if (text === undefined) return undefined;
  if (text.kind === 'neutral') return text.value;
  // A loop rather than `find`: called for every text in every language, it should allocate nothing.
  for (const entry of text.entries) if (entry.lang.name === lang) return entry.value;
  return undefined;
}

/** One option as the citizen reads it. */
export interface ShownOption {
  readonly number: number;
  readonly title: string;
  readonly description?: string;
}

/**
 * A menu as numbered text, the way the WhatsApp adapter writes it when buttons and lists do not
 * fit: the body, a blank line, then `N. title — description` per option.
 */
export function numberedMenuText(body: string, options: readonly ShownOption[]): string {
  const lines = options.map((o) =>
    o.description === undefined || o.description === '' ? `${o.number}. ${o.title}` : `${o.number}. ${o.title} — ${o.description}`,
  );
  return [body, lines.join('\n')].filter((p) => p.trim() !== '').join('\n\n');
}

/**
 * A page's text message in `lang`: paragraphs (fee and time lines marked), a bullet list, then
 * `🔗 label: url` per link, separated by blank lines. Buttons and media are messages of their own
 * (after this one) and are not part of it.
 */
export function pageText(page: PageDecl, lang: string): string {
  const parts: string[] = [];
  let bullets: string[] = [];
  for (const block of page.blocks) {
    if (block.kind === 'button' || block.kind === 'media') continue;
    const value = textIn(block.kind === 'link' ? block.label : block.text, lang) ?? '';
    if (block.kind === 'bullet') {
      bullets.push(`• ${value}`);
      continue;
    }
    if (bullets.length > 0) parts.push(bullets.join('\n'));
    bullets = [];
    parts.push(blockLine(block, value));
  }
  if (bullets.length > 0) parts.push(bullets.join('\n'));
  return parts.join('\n\n');
}

/** An upper bound of `pageText`'s length in code points (UTF-16 units ≥ code points), without building it. */
export function pageTextBound(page: PageDecl, lang: string): number {
  let bound = 0;
  for (const block of page.blocks) {
    if (block.kind === 'button' || block.kind === 'media') continue;
    bound += (textIn(block.kind === 'link' ? block.label : block.text, lang)?.length ?? 0) + 8;
    if (block.kind === 'link') bound += block.url.value.length;
  }
  return bound;
}

function blockLine(block: Exclude<PageDecl['blocks'][number], { kind: 'bullet' | 'button' | 'media' }>, value: string): string {
  switch (block.kind) {
    case 'text':
      return value;
    case 'fee':
      return PARAGRAPH_MARKS.fee + value;
    case 'time':
      return PARAGRAPH_MARKS.time + value;
    case 'link':
      return `🔗 ${value}: ${block.url.value}`;
    default: {
      const never: never = block;
      throw new Error(`unexpected block ${String(never)}`);
    }
  }
}
