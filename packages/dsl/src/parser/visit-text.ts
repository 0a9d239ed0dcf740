import type { CstNode, IToken } from 'chevrotain';
import type { Duration, Span, StringLit, Text, Translation } from '../ast.js';
import { decodeOneLine, decodeTriple } from '../lexer/strings.js';
import { OneLineString, TripleString, UnterminatedTriple } from '../lexer/tokens.js';
import { commentsAt, ident, nodeSpan, nodes, optionalComments, token, tokenSpan, type VisitContext } from './cst.js';

/** True for a `"""` literal. */
export function isTriple(t: IToken): boolean {
  return t.tokenType === TripleString || t.tokenType === UnterminatedTriple;
}

/** The decoded value of a string token of either form. */
export function stringValue(t: IToken): string {
  if (t.tokenType === TripleString || t.tokenType === UnterminatedTriple) return decodeTriple(t.image);
  // A closed literal without escapes is its body (the common case, decoded without copies).
  if (t.tokenType === OneLineString && !t.image.includes('\\')) return t.image.slice(1, -1);
  return decodeOneLine(t.image).value;
}

/** A string literal (decoded) with the span of the literal including its quotes. */
export function stringLit(ctx: VisitContext, t: IToken): StringLit {
  return { value: stringValue(t), span: tokenSpan(ctx, t) };
}

/** A string literal if the token is there. */
export function optStringLit(ctx: VisitContext, t: IToken | undefined): StringLit | undefined {
  return t ? stringLit(ctx, t) : undefined;
}

/** An empty translated text at `at` (a missing label: the compiler reports what is missing). */
export function emptyText(at: Span): Text {
  return { kind: 'translations', entries: [], span: { file: at.file, offset: at.offset + at.length, length: 0 } };
}

/** A `textBlock` or `translations` node as a `Text`. */
export function visitText(ctx: VisitContext, node: CstNode | undefined, fallback: Span): Text {
  if (!node) return emptyText(fallback);
  const neutral = token(node, 'neutral');
  if (neutral) {
    const text = { kind: 'neutral', value: stringValue(neutral), span: tokenSpan(ctx, neutral) } as const;
    return isTriple(neutral) ? { ...text, multiline: true } : text;
  }
  const entries = nodes(node, 'translation').map((t) => visitTranslation(ctx, t));
  if (entries.length === 0) return emptyText(fallback);
  return { kind: 'translations', entries, span: nodeSpan(ctx, node, fallback.offset) };
}

/**
 * A label or caption (a text block with no heading, under an option, a link, a button or a media
 * block): as `visitText`, and a neutral string on its own line keeps the comments written above it.
 */
export function visitLabel(ctx: VisitContext, node: CstNode | undefined, fallback: Span): Text {
  const text = visitText(ctx, node, fallback);
  if (text.kind === 'neutral') optionalComments(ctx, text, text.span.offset);
  return text;
}

function visitTranslation(ctx: VisitContext, node: CstNode): Translation {
  const span = nodeSpan(ctx, node);
  const lang = ident(ctx, token(node, 'lang'), span);
  const value = token(node, 'value');
  const translation: Translation = {
    lang,
    value: value ? stringValue(value) : '',
    valueSpan: value ? tokenSpan(ctx, value) : { file: ctx.file, offset: span.offset + span.length, length: 0 },
    comments: commentsAt(ctx, span.offset),
  };
  return value && isTriple(value) ? { ...translation, multiline: true } : translation;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A duration like `30m`, in milliseconds. */
export function duration(ctx: VisitContext, t: IToken | undefined): Duration | undefined {
  return t ? durationAt(ctx, t.image, t.startOffset) : undefined;
}

/** The duration written `raw` at `offset`. */
export function durationAt(ctx: VisitContext, raw: string, offset: number): Duration {
  const match = /^([0-9]+)(ms|s|m|h)$/.exec(raw);
  const amount = Number.parseInt(match?.[1] ?? '0', 10);
  const unit = (match?.[2] ?? 'ms') as keyof typeof UNIT_MS;
  return { ms: amount * UNIT_MS[unit], raw, span: { file: ctx.file, offset, length: raw.length } };
}
