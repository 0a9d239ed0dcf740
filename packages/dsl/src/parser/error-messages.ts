import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from '../chevrotain.js';
import { StringLit, Name, Identifier, DottedName, NumberLit, DurationLit, AnyToken } from '../lexer/tokens.js';

/** How a token type is named to an author ("a name", "`->`", "a text in quotes"). */
export function describeType(type: TokenType): string {
  if (type === StringLit) return 'a text in quotes';
  if (type === Name || type === DottedName) return 'a name';
  if (type === Identifier) return 'a language code or name';
  if (type === NumberLit) return 'a number';
  if (type === DurationLit) return 'a duration like `30m`';
  if (type === EOF) return 'the end of the file';
  if (type === AnyToken) return 'anything';
  return type.LABEL ?? `\`${type.name}\``;
}

/** How a token as written is named ("`departments`", "the text \"…\"", "the end of the file"). */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  const image = token.image;
  if (image.startsWith('"')) {
    const firstLine = image.split(/\r?\n/)[0] ?? image;
    return `the text ${firstLine.length > 24 ? `${firstLine.slice(0, 22)}…` : firstLine}`;
  }
  return `\`${image.length > 24 ? `${image.slice(0, 22)}…` : image}\``;
}

function listOf(types: readonly TokenType[]): string {
  const names = [...new Set(types.map(describeType))];
  if (names.length <= 1) return names[0] ?? 'something else';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function after(previous: IToken | undefined): string {
  return previous && previous.tokenType !== EOF && previous.image !== '' ? ` after ${describeToken(previous)}` : '';
}

/** Messages a non-programmer can act on: what was expected, after what, and what was found. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous }) =>
    `expected ${describeType(expected)}${after(previous)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `unexpected ${describeToken(firstRedundant)}: a declaration (menu, page, …) was expected`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, previous }) => {
    const firsts = expectedPathsPerAlt.flat().map((path) => path[0]).filter((t): t is TokenType => t !== undefined);
    const found = actual[0];
    return `expected ${listOf(firsts)}${after(previous)}, found ${found ? describeToken(found) : 'nothing'}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, previous }) => {
    const firsts = expectedIterationPaths.map((path) => path[0]).filter((t): t is TokenType => t !== undefined);
    const found = actual[0];
    return `expected at least one ${listOf(firsts).replace(/^an? /, '')}${after(previous)}, found ${found ? describeToken(found) : 'nothing'}`;
  },
};
