/// <reference lib="dom" />
/**
 * `.flow` highlighting for CodeMirror: a stream parser (the compiler's Chevrotain parser stays on
 * the server; this only colours words). Keywords are the dsl's `KEYWORD_WORDS`, copied here so the
 * page does not bundle the parser; a test checks the two lists agree.
 */
import { StreamLanguage } from '@codemirror/language';
import type { StreamParser } from '@codemirror/language';

/** The language's keywords (the same list as `KEYWORD_WORDS` of `@samvad/dsl`). */
export const FLOW_KEYWORDS: readonly string[] = [
  'include', 'bot', 'languages', 'start', 'retries', 'idle', 'commands', 'messages', 'menu', 'page',
  'input', 'branch', 'goto', 'end', 'source', 'text', 'option', 'description', 'words', 'number', 'set',
  'language', 'from', 'into', 'title', 'timeout', 'fallback', 'link', 'fee', 'time', 'bullet', 'then',
  'back', 'home', 'var', 'expect', 'digits', 'pattern', 'one', 'of', 'any', 'retry', 'when', 'else',
  'and', 'or', 'not', 'endpoint', 'url', 'secret', 'env', 'sends', 'answers', 'call', 'send', 'receive', 'button',
  'image', 'document', 'video', 'name', 'photo', 'location', 'contact',
];

const KEYWORDS = new Set(FLOW_KEYWORDS);
/** Words that open a declaration: the name after them is a definition. */
const DECLARATIONS = new Set(['menu', 'page', 'input', 'branch', 'source', 'bot', 'option', 'endpoint', 'call']);

interface FlowState {
  /** The previous word was a declaration keyword. */
  declaring: boolean;
  /** After `->` or `goto`: the next word is a node reference. */
  targeting: boolean;
}

const parser: StreamParser<FlowState> = {
  name: 'flow',
  startState: () => ({ declaring: false, targeting: false }),
  token(stream, state) {
    if (stream.sol()) {
      state.declaring = false;
      state.targeting = false;
    }
    if (stream.eatSpace()) return null;
    if (stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match('->')) {
      state.targeting = true;
      return 'operator';
    }
    if (stream.match(/^\{[^}\s]*\}?/)) return 'variableName.special';
    if (stream.match(/^[0-9]+(?:\.[0-9]+)?[a-z]*/)) return 'number';
    const word = stream.match(/^[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*/u);
    if (word !== null && word !== false && typeof word !== 'boolean') {
      const text = word[0];
      if (state.declaring) {
        state.declaring = false;
        return 'definition(variableName)';
      }
      if (state.targeting) {
        state.targeting = false;
        return KEYWORDS.has(text) ? 'keyword' : 'link';
      }
      if (KEYWORDS.has(text) && (stream.peek() === ':' || stream.column() === stream.indentation() || text === 'then' || text === 'goto')) {
        state.declaring = DECLARATIONS.has(text) && stream.column() === stream.indentation() && stream.peek() !== ':';
        state.targeting = text === 'goto' || text === 'then';
        return 'keyword';
      }
      return null;
    }
    if (stream.match(/^[a-z]{2}(?=:)/)) return 'attributeName';
    stream.next();
    return stream.current() === ':' ? 'punctuation' : null;
  },
  languageData: { commentTokens: { line: '#' } },
};

/** The `.flow` language for the editor. */
export const flowLanguage = StreamLanguage.define(parser);
