/**
 * WhatsApp's inline formatting, as the app draws it: `*bold*`, `_italic_`, `~strike~`,
 * ```` ```mono``` ```` and tappable `http(s)://` links. A marker opens only before a non-space and
 * at the start of a word (not inside one, so `snake_case` stays as written), closes only after a
 * non-space and before a word boundary, and never spans a line break; a marker with no partner is
 * shown as typed. Styles nest (`*_both_*`). Inside ```` ``` ```` nothing else is parsed.
 */
import type { FormattedText, SpanStyle, TextSpan } from './preview-types.js';

const MARKERS: Readonly<Record<string, SpanStyle>> = { '*': 'bold', _: 'italic', '~': 'strike' };
const URL = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'’”]/gu;

/** `text` as WhatsApp shows it: spans with their styles and links, markers removed. */
export function formatText(text: string): FormattedText {
  const spans: TextSpan[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    parseInline(line, [], spans);
    if (i < lines.length - 1) push(spans, '\n', []);
  });
  return { raw: text, spans: merge(spans) };
}

/** The visible text of formatted spans (markers removed). */
export function plainText(formatted: FormattedText): string {
  return formatted.spans.map((s) => s.text).join('');
}

function parseInline(text: string, styles: readonly SpanStyle[], out: TextSpan[]): void {
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    const closeAt = opening(text, i);
    if (closeAt === undefined) {
      i += 1;
      continue;
    }
    pushWithLinks(out, text.slice(plainStart, i), styles);
    const marker = text.startsWith('```', i) ? '```' : (text[i] ?? '');
    const inner = text.slice(i + marker.length, closeAt);
    if (marker === '```') pushWithLinks(out, inner, [...styles, 'mono'], false);
    else {
      const style = MARKERS[marker];
      if (style !== undefined) parseInline(inner, styles.includes(style) ? styles : [...styles, style], out);
    }
    i = closeAt + marker.length;
    plainStart = i;
  }
  pushWithLinks(out, text.slice(plainStart), styles);
}

/** When a marker opens at `i`, the index of its closing marker; otherwise undefined. */
function opening(text: string, i: number): number | undefined {
  const marker = text.startsWith('```', i) ? '```' : text[i];
  if (marker === undefined || (marker !== '```' && MARKERS[marker] === undefined)) return undefined;
  const before = i === 0 ? '' : (text[i - 1] ?? '');
  if (before !== '' && isWordChar(before)) return undefined;
  const first = text[i + marker.length];
  if (first === undefined || /\s/u.test(first)) return undefined;
  for (let j = i + marker.length + 1; j <= text.length - marker.length; j += 1) {
    if (!text.startsWith(marker, j)) continue;
    const last = text[j - 1] ?? '';
    const after = text[j + marker.length] ?? '';
    if (/\s/u.test(last)) continue;
    if (after !== '' && isWordChar(after)) continue;
    return j;
  }
  return undefined;
}

function isWordChar(c: string): boolean {
  return /[\p{L}\p{N}\p{M}]/u.test(c);
}

function pushWithLinks(out: TextSpan[], text: string, styles: readonly SpanStyle[], links = true): void {
  if (text === '') return;
  if (!links) {
    push(out, text, styles);
    return;
  }
  let at = 0;
  for (const match of text.matchAll(URL)) {
    const start = match.index ?? 0;
    push(out, text.slice(at, start), styles);
    push(out, match[0], styles, match[0]);
    at = start + match[0].length;
  }
  push(out, text.slice(at), styles);
}

function push(out: TextSpan[], text: string, styles: readonly SpanStyle[], href?: string): void {
  if (text === '') return;
  out.push(href === undefined ? { text, styles } : { text, styles, href });
}

/** Joins neighbouring spans of the same styles (and no link). */
function merge(spans: readonly TextSpan[]): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.href === undefined && span.href === undefined && sameStyles(last.styles, span.styles)) {
      merged[merged.length - 1] = { text: last.text + span.text, styles: last.styles };
    } else merged.push(span);
  }
  return merged;
}

function sameStyles(a: readonly SpanStyle[], b: readonly SpanStyle[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}
