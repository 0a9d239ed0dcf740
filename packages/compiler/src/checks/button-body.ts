import { diagnostic } from '@samvad/dsl';
import type { PageDecl, Span, Text } from '@samvad/dsl';
import { codePointLength, PARAGRAPH_MARKS, WHATSAPP_LIMITS } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { textIn } from '../present.js';

type PageBlock = PageDecl['blocks'][number];

/**
 * FLOW6009: the text a page's `button` carries is over WhatsApp's 1024 characters for the body
 * of a tappable link message (`cta_url`), in one language. The runtime folds a page's text into
 * its button's message when the button is the page's first media-or-button block, comes after
 * all of its text and the page has no `link`; that text, as written (`{…}` as written), is what
 * is counted here. serve then sends the start of the text as a message of its own and the end
 * (at most 1024 characters, split at a paragraph, line or space) with the button: nothing is
 * lost, but the page reads as two messages.
 */
export function checkButtonBody(page: PageDecl, ctx: CheckContext): void {
  const button = foldedButton(page.blocks);
  if (button === undefined) return;
  const limit = WHATSAPP_LIMITS.interactiveBody;
  for (const lang of ctx.program.languages) {
    const body = foldedText(page.blocks, lang);
    const length = body.length <= limit ? body.length : codePointLength(body);
    if (length <= limit) continue;
    const longest = longestLine(page.blocks, lang);
    ctx.report(
      diagnostic({
        code: 'FLOW6009',
        severity: 'warning',
        message: `the ${lang} text of \`${page.id.name}\` sent with its button has ${length} characters; WhatsApp allows ${limit} above a link button`,
        span: longest?.span ?? button.span,
        primaryLabel: `the page's text comes to ${length} characters in ${lang}, ${length - limit} too many`,
        labels: [{ span: button.url.span, message: 'the page\'s text is the body of this button\'s message (cta_url)' }],
        notes: [
          'counted in Unicode code points, paragraphs and bullets joined as sent, `{…}` placeholders as written',
          `it still reaches the citizen, in two messages: the start as text, then the end (at most ${limit} characters) with the button`,
        ],
        help: `shorten the page's ${lang} text to ${limit} characters, or move part of it to a page before this one (\`then -> ${page.id.name}\`)`,
      }),
    );
  }
}

/** The button whose message carries the page's text (the runtime's rule), if there is one. */
function foldedButton(blocks: readonly PageBlock[]): Extract<PageBlock, { kind: 'button' }> | undefined {
  let first: PageBlock | undefined;
  for (const block of blocks) {
    if (block.kind === 'link') return undefined;
    if (block.kind === 'button' || block.kind === 'media') first ??= block;
    else if (first !== undefined) return undefined; // text after the first button or media: sent apart
  }
  return first?.kind === 'button' ? first : undefined;
}

/** The folded text in `lang` as the runtime builds it: paragraphs, then the bullets as `• ` lines. */
function foldedText(blocks: readonly PageBlock[], lang: string): string {
  const paragraphs: string[] = [];
  const bullets: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'text':
        paragraphs.push(textIn(block.text, lang) ?? '');
        break;
      case 'fee':
      case 'time':
        paragraphs.push(PARAGRAPH_MARKS[block.kind] + (textIn(block.text, lang) ?? ''));
        break;
      case 'bullet':
        bullets.push(`• ${textIn(block.text, lang) ?? ''}`);
        break;
      case 'link':
      case 'button':
      case 'media':
        break;
      default: {
        const never: never = block;
        throw new Error(`unexpected block ${String(never)}`);
      }
    }
  }
  return [paragraphs.join('\n\n'), bullets.join('\n')].filter((part) => part.trim() !== '').join('\n\n');
}

/** The longest text line of the page in `lang` (what to shorten first), with its place. */
function longestLine(blocks: readonly PageBlock[], lang: string): { span: Span } | undefined {
  let best: { span: Span; length: number } | undefined;
  for (const block of blocks) {
    if (block.kind !== 'text' && block.kind !== 'bullet' && block.kind !== 'fee' && block.kind !== 'time') continue;
    const line = lineIn(block.text, lang);
    if (line !== undefined && (best === undefined || line.length > best.length)) best = line;
  }
  return best;
}

/** The line of `text` read in `lang`: its language line, or the neutral string. */
function lineIn(text: Text, lang: string): { span: Span; length: number } | undefined {
  if (text.kind === 'neutral') return { span: text.span, length: codePointLength(text.value) };
  for (const entry of text.entries) if (entry.lang.name === lang) return { span: entry.valueSpan, length: codePointLength(entry.value) };
  return undefined;
}
