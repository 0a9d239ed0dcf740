import type { IRecognitionException, IToken } from 'chevrotain';
import { EOF } from '../chevrotain.js';
import type { Span } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';
import { isReal } from './cst.js';
import { describeToken } from './error-messages.js';

/** What to write, per grammar rule, shown as `help:` under a parse error. */
const RULE_HELP: Record<string, string> = {
  file: 'a declaration starts with `bot`, `menu`, `page`, `input`, `branch`, `goto`, `end`, `source`, `endpoint`, `call` or `include`',
  textBlock: 'write the text in quotes, or one line per language: `mr: "…"`',
  translations: 'write one line per language under the key, e.g. `mr: "…"`',
  translation: 'a language line is a code, a colon and a quoted text: `mr: "नमस्कार"`',
  textClause: 'write `text:` then one line per language, e.g. `en: "Welcome"`',
  botDecl: 'write `bot <id>`, then its clauses: `languages:`, `start:`, `retries:`, `idle:`, `commands:`, `messages:`',
  languagesClause: 'write `languages: mr "मराठी", hi "हिंदी", en "English"`',
  commandLine: 'write `home: "0", "menu"` — a command, a colon and its words in quotes, separated by commas',
  messageEntry: 'write the message key, a colon, then one line per language',
  menuDecl: 'write `menu <id>`, then `text:` and its options',
  optionClause: 'write `option <id> -> <node>`, then the label, one line per language',
  setClause: 'write `set <variable> = "value"`',
  fromClause: 'write `from <source>(<param> = "value") into <item> -> <node>`',
  sourceParam: 'write `<param> = "value"`',
  pageDecl: 'write `page <id>`, then its text, bullets, links, buttons and media, and a `then …` line',
  pageBlock: 'write `bullet:`, `fee:` or `time:`, then the text',
  linkBlock: 'write `link "https://…"`, then the label, one line per language',
  wayOn: 'write `then back`, `then home`, `then end` or `then -> <node>`',
  inputDecl: 'write `input <id>` with `text:`, `var:`, `expect:`, `retry:`, `retries: N -> <node>` and `then -> <node>`',
  expectation: 'write `expect: number 1..100`, `digits 10`, `pattern "…"`, `one of "a", "b"`, `any`, `photo`, `document`, `location` or `contact`',
  branchDecl: 'write `when <condition> -> <node>` lines and an `else -> <node>` line',
  whenClause: 'write `when <condition> -> <node>`, e.g. `when age >= 18 -> adult`',
  orCondition: 'a condition looks like `var == "text"`, `var < 10`, `var`, `not …`, `… and …`, `… or …`',
  andCondition: 'a condition looks like `var == "text"`, `var < 10`, `var`, `not …`, `… and …`, `… or …`',
  notCondition: 'a condition looks like `var == "text"`, `var < 10`, `var`, `not …`, `… and …`, `… or …`',
  comparison: 'compare a variable with a quoted text or a number: `district == "Jalna"`, `age >= 18`',
  gotoDecl: 'write `goto <id> -> <node>`',
  endDecl: 'write `end <id>`, optionally followed by `text:`',
  sourceDecl: 'write `source <id>`, optionally followed by `timeout: 4s`',
  includeDecl: 'write `include "path/to/file.flow"`',
  buttonBlock: 'write `button "https://…"`, then its label (20 characters at most), one line per language',
  mediaBlock: 'write `image "https://…"`, `video "https://…"` or `document "https://…" name "file.pdf"`, then the caption lines (optional)',
  endpointDecl: 'write `endpoint <id>`, then `url: env <NAME>`, `secret: env <NAME>`, `timeout: 10s`, `sends: a, b` and `answers: x, y`',
  envValue: 'name an environment variable: `url: env GRIEVANCE_URL`',
  nameList: 'write names separated by commas: `sends: department, problem`',
  callDecl: 'write `call <id>`, then `endpoint: <endpoint>`, `send:`, `receive:`, `then -> <node>` and `fallback -> <node>`',
  sendBlock: 'under `send:`, write one line per field: `department: "{department}"`',
  callSend: 'under `send:`, write one line per field: a field the endpoint `sends`, a colon and a text in quotes, e.g. `problem: "{problem}"`',
  receiveBlock: 'under `receive:`, write one line per answer field: `reference -> ref`',
  callReceive: 'under `receive:`, write an answer field, `->` and a variable: `reference -> ref` (or `data.ref -> ref`)',
};

/** What to write after a clause keyword and its colon, when what follows is wrong. */
const CLAUSE_HELP: Record<string, string> = {
  words: 'write the words in quotes, separated by commas: `words: "seva", "सेवा"`',
  languages: 'write `languages: mr "मराठी", hi "हिंदी", en "English"`',
  start: 'write the id of the first node: `start: home`',
  retries: 'write a number, and for an input where to go after it: `retries: 3 -> help_desk`',
  idle: 'write a duration: `idle: 30m` (units: ms, s, m, h)',
  timeout: 'write a duration: `timeout: 4s` (units: ms, s, m, h)',
  number: 'write a whole number: `number: 5`',
  var: 'write the name of a variable: `var: age`',
  language: 'write a language code of the bot: `language: hi`',
  expect: 'write `expect: number 1..100`, `digits 10`, `pattern "…"`, `one of "a", "b"`, `any`, `photo`, `document`, `location` or `contact`',
  url: 'name the environment variable that holds the address: `url: env GRIEVANCE_URL`',
  secret: 'name the environment variable that holds the signing key: `secret: env GRIEVANCE_SECRET`',
  sends: 'write the field names separated by commas: `sends: department, problem`',
  answers: 'write the answer field names separated by commas: `answers: reference, status`',
  endpoint: 'write the id of an `endpoint` declaration: `endpoint: grievances`',
};

/** The clause keyword just before `previous` when `previous` is its colon. */
function clauseBefore(source: string, previous: IToken | undefined): string | undefined {
  if (!isReal(previous) || previous.image !== ':') return undefined;
  return /([A-Za-z_]+)[ \t]*$/.exec(source.slice(0, previous.startOffset))?.[1];
}

/** Turns the parser's recognition errors into diagnostics (FLOW1101, FLOW1103). */
export function parseErrorDiagnostics(
  errors: readonly IRecognitionException[],
  file: string,
  source: string,
  lexical: readonly Diagnostic[],
): Diagnostic[] {
  const seen = new Set<number>();
  const result: Diagnostic[] = [];
  for (const error of errors) {
    const span = errorSpan(error, file, source);
    if (seen.has(span.offset) || followsLexicalError(error, lexical)) continue;
    seen.add(span.offset);
    const rule = error.context.ruleStack[error.context.ruleStack.length - 1] ?? 'file';
    // The other ways `envValue` reads (a name, a text) are there only to report them well.
    const message = rule === 'envValue' ? error.message.replace(/^expected .*? after /, 'expected `env <NAME>` after ') : error.message;
    result.push(
      diagnostic({
        code: error.name === 'EarlyExitException' ? DslCode.MissingEntry : DslCode.UnexpectedToken,
        severity: 'error',
        message: withContext(message, source, previousOf(error)),
        span,
        primaryLabel: error.token.tokenType === EOF ? 'the file ends here' : 'unexpected here',
        help: CLAUSE_HELP[clauseBefore(source, previousOf(error)) ?? ''] ?? RULE_HELP[rule],
      }),
    );
  }
  return result;
}

/**
 * "after `services`" becomes "after `option services`": the line up to the last good
 * token says which clause the parser was reading.
 */
function withContext(message: string, source: string, previous: IToken | undefined): string {
  if (!isReal(previous) || previous.tokenType === EOF) return message;
  const end = previous.startOffset + previous.image.length;
  const lineStart = source.lastIndexOf('\n', previous.startOffset) + 1;
  const context = source.slice(lineStart, end).trim();
  if (context === previous.image || context.length > 40 || context.includes('"') || context.includes('#')) return message;
  return message.replace(`after ${describeToken(previous)}`, `after \`${context}\``);
}

function previousOf(error: IRecognitionException): IToken | undefined {
  return (error as IRecognitionException & { previousToken?: IToken }).previousToken;
}

/** True when a lexical error sits between the last good token and this one: it says it all. */
function followsLexicalError(error: IRecognitionException, lexical: readonly Diagnostic[]): boolean {
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const from = isReal(previous) ? previous.startOffset : 0;
  const to = isReal(error.token) && error.token.tokenType !== EOF ? error.token.startOffset + error.token.image.length : Infinity;
  return lexical.some((d) => d.code !== DslCode.UnknownEscape && d.span.offset >= from && d.span.offset <= to);
}

function errorSpan(error: IRecognitionException, file: string, source: string): Span {
  const { token } = error;
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const previousEnd = isReal(previous) && previous.tokenType !== EOF ? previous.startOffset + previous.image.length : undefined;
  if (isReal(token) && token.tokenType !== EOF) {
    // Something is missing at the end of a line: point there, not at the next line.
    if (previousEnd !== undefined && previousEnd <= token.startOffset && source.slice(previousEnd, token.startOffset).includes('\n')) {
      return { file, offset: previousEnd, length: 0 };
    }
    return { file, offset: token.startOffset, length: firstLineLength(token.image) };
  }
  return { file, offset: previousEnd ?? source.length, length: 0 };
}

function firstLineLength(image: string): number {
  const newline = image.search(/\r?\n/);
  return newline === -1 ? image.length : newline;
}
