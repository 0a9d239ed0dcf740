/**
 * The stable codes of the lexer and parser (FLOW1xxx), each documented in
 * `docs/diagnostics/<code>.md`. Later phases use FLOW2xxx and up.
 */
export const DslCode = {
  /** A character that cannot start any token (e.g. Devanagari outside quotes). */
  UnexpectedCharacter: 'FLOW1001',
  /** A string whose closing quote is missing. */
  UnterminatedString: 'FLOW1002',
  /** A backslash escape other than `\"`, `\\`, `\n`. */
  UnknownEscape: 'FLOW1003',
  /** The file is not text: it holds NUL bytes or bytes that are not UTF-8 (an image, a PDF, a zip…). */
  NotText: 'FLOW1004',
  /** A token that does not fit where it stands ("expected `->` …, found …"). */
  UnexpectedToken: 'FLOW1101',
  /** Words that are no clause or declaration of the place they stand in. */
  UnknownClause: 'FLOW1102',
  /** A list or block that needs at least one entry is empty. */
  MissingEntry: 'FLOW1103',
  /** A `commands:` line whose key is not home, back, help, language or restart. */
  UnknownCommand: 'FLOW1104',
  /** A clause that may appear once was written twice. */
  DuplicateClause: 'FLOW1105',
  /** A `when` condition nested deeper, or with more terms, than the language allows. */
  ConditionTooLarge: 'FLOW1106',
  /** A `words:` line indented unlike its option's other lines (or at the options' level): which option it belongs to is unclear. */
  AmbiguousWordIndent: 'FLOW1107',
  /** An endpoint's `url:` or `secret:` written as a value instead of `env NAME` (addresses and keys come from the environment). */
  NotFromEnvironment: 'FLOW1108',
  /** The parser failed internally; the file could not be read completely. */
  InternalError: 'FLOW1199',
  /** More problems in one file than are reported; the rest are counted, not listed. */
  MoreProblems: 'FLOW1900',
} as const;

/** One of the FLOW1xxx codes. */
export type DslCodeValue = (typeof DslCode)[keyof typeof DslCode];
