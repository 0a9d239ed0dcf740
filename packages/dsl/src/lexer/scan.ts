import type { IToken, TokenType } from 'chevrotain';
import { scanCompact, typeId } from './compact.js';
import { WordCache } from './words.js';
import { OneLineString, TripleString, allTokens } from './tokens.js';

/** Tokens and comments of a source read by the hand-written scanner. */
export interface Scanned {
  readonly tokens: IToken[];
  readonly comments: IToken[];
}

/** Token types by their `tokenTypeIdx`. */
const TYPES: ReadonlyMap<number, TokenType> = new Map(allTokens.map((t) => [typeId(t), t]));
/** Texts may hold any character; every other token is ASCII, which the word cache needs. */
const TEXTS: ReadonlySet<number> = new Set([typeId(OneLineString), typeId(TripleString)]);

/**
 * The fast path of `lex()`: the compact tokens of the hand-written scanner (`compact.ts`) as the
 * token objects the Chevrotain lexer makes with `positionTracking: 'onlyOffset'` (plus the
 * `endOffset` that `lex()` adds, set here so that every object keeps one shape). Keywords come
 * already retyped. `undefined` when the source has a lexical problem: the Chevrotain lexer, the
 * reference, then reads it and reports the problem.
 */
export function scan(source: string): Scanned | undefined {
  const compact = scanCompact(source);
  if (compact === undefined) return undefined;
  const { count, types, starts, ends } = compact;
  const words = new WordCache();
  const tokens: IToken[] = new Array<IToken>(count);
  for (let k = 0; k < count; k += 1) {
    const tokenType = TYPES.get(types[k] as number) as TokenType;
    const start = starts[k] as number;
    const end = ends[k] as number;
    const image = end - start <= 7 && !TEXTS.has(types[k] as number) ? words.get(source, start, end) : source.slice(start, end);
    tokens[k] = { image, startOffset: start, tokenTypeIdx: types[k] as number, tokenType, endOffset: end - 1 } as IToken;
  }
  return { tokens, comments: compact.comments };
}
