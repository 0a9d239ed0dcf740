/**
 * The file name a document shows when none was given: the last part of its address's path,
 * decoded (`…/forms/arj%20form.pdf` → `arj form.pdf`). One rule for what serve sends, what the
 * simulator prints and what the studio's phone shows.
 */

/** The last non-empty segment of `url`'s path, decoded; `undefined` when it has none. */
export function fileNameOfUrl(url: string): string | undefined {
  const path = URL.canParse(url) ? new URL(url).pathname : (url.split(/[?#]/)[0] ?? '');
  const last = path.split('/').filter((part) => part !== '').pop();
  if (last === undefined) return undefined;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A stray `%` keeps the segment as written.
  }
  return name.trim() === '' ? undefined : name;
}
