/** Splitting long text for WhatsApp's 4096-character text limit, at the gentlest boundary available. */
import { codePointLength } from '@samvad/runtime';

const SEPARATORS = ['\n\n', '\n', ' '] as const;

/**
 * Splits `text` into chunks of at most `limit` code points: at paragraph breaks first, then line
 * breaks, then spaces, and only as a last resort inside a word. Chunks are trimmed of the separator.
 */
export function splitText(text: string, limit: number): string[] {
  if (codePointLength(text) <= limit) return [text];
  return splitWith(text, limit, 0).filter((chunk) => chunk.length > 0);
}

function splitWith(text: string, limit: number, level: number): string[] {
  if (codePointLength(text) <= limit) return [text];
  const separator = SEPARATORS[level];
  if (separator === undefined) return hardSplit(text, limit);
  const chunks: string[] = [];
  let current = '';
  for (const piece of text.split(separator)) {
    const candidate = current === '' ? piece : current + separator + piece;
    if (codePointLength(candidate) <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') chunks.push(current);
    if (codePointLength(piece) <= limit) {
      current = piece;
    } else {
      chunks.push(...splitWith(piece, limit, level + 1));
      current = '';
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function hardSplit(text: string, limit: number): string[] {
  const points = [...text];
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += limit) chunks.push(points.slice(i, i + limit).join(''));
  return chunks;
}
