/**
 * Telling a failing PostgreSQL (or the way to it) from a bug, as store/store-error.ts does for
 * SQLite. Transient, so the same work is tried again with backoff: the connection lost or refused
 * (SQLSTATE class 08, socket errors, "Connection terminated"), a transaction rolled back by the
 * server (class 40: serialization failure, deadlock), insufficient resources (class 53: disk full,
 * too many connections), an administrator's shutdown or a server starting (class 57P), a system
 * error (class 58), a lock not available (55P03), a database not accepting connections (55000). Anything else (a constraint, a syntax error, a
 * bug in the engine) would fail the same way again.
 */

const TRANSIENT_CLASSES = ['08', '40', '53', '57', '58'];
const TRANSIENT_CODES = ['55P03', '55006', '55000'];
const SOCKET_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
const CONNECTION_MESSAGES = /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable/i;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for an error of the database or of the connection to it that may go away. */
export function isTransientPgError(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) {
    if (SOCKET_CODES.includes(code) || TRANSIENT_CODES.includes(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_CLASSES.includes(code.slice(0, 2));
  }
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** One line for a log: the SQLSTATE or socket code (when there is one) and the message. */
export function describePgError(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${code}: ${message}`;
}
