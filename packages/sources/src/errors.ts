/**
 * The one error type every data source in this package throws. The runtime turns a thrown error
 * into the flow's `fallback`; `kind` lets a host log or count failures without parsing messages.
 */

/** Why a source call failed. */
export type SourceErrorKind =
  /** The site did not answer within the source's own timeout. */
  | 'timeout'
  /** The caller gave up (its `AbortSignal` fired) before the site answered. */
  | 'aborted'
  /** The site answered with a non-2xx HTTP status. */
  | 'http'
  /** The site could not be reached (DNS, refused connection, reset, TLS, …). */
  | 'network'
  /** The site answered with more bytes than the source accepts. */
  | 'too-large'
  /** The site answered with something other than an HTML page (JSON, plain text, a PDF…). */
  | 'not-html'
  /** The page no longer has the shape the parser knows: the site was redesigned. */
  | 'layout-changed'
  /** The flow passed a parameter the source does not accept. */
  | 'bad-params';

/** A data-source failure with a message that stands alone ("maharashtra_gr: …"). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly kind: SourceErrorKind;

  constructor(kind: SourceErrorKind, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** True when `error` is a `SourceError` (of `kind`, when given). */
export function isSourceError(error: unknown, kind?: SourceErrorKind): error is SourceError {
  return error instanceof SourceError && (kind === undefined || error.kind === kind);
}
