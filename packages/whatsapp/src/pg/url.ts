/**
 * `SAMVAD_DB` as a PostgreSQL URL: telling one from a SQLite path, checking it, and showing it
 * without its password. No `pg` import, so reading the configuration stays light.
 */

/** True when `value` is a PostgreSQL connection URL (`postgres://` or `postgresql://`), not a SQLite path. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** `url` with its password (if any) replaced by `***`: what may appear in logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable: keep only the scheme and the host-ish part before any `@`-separated credentials.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Why `url` cannot be used as `setting` (a sentence naming the setting), or undefined when it can.
 * The password never appears in the sentence.
 */
export function checkPostgresUrl(url: string, setting = 'SAMVAD_DB'): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${setting} is not a valid PostgreSQL URL (expected postgres://user:password@host:5432/database), got "${redactUrl(url)}"`;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `${setting} must start with postgres:// or postgresql://, got "${redactUrl(url)}"`;
  }
  if (parsed.hostname === '' && parsed.searchParams.get('host') === null) {
    return `${setting} names no host (expected postgres://user:password@host:5432/database), got "${redactUrl(url)}"`;
  }
  if (parsed.pathname.replace(/^\//, '') === '') {
    return `${setting} names no database (add /<database> after the host), got "${redactUrl(url)}"`;
  }
  return undefined;
}

/** The password of a PostgreSQL URL ('' when none): given to the logger to redact wherever it appears. */
export function postgresPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
