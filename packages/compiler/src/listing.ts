/** Items named in one message or list of labels; longer lists are shortened (a message stays one readable line). */
export const MAX_LISTED = 8;

/**
 * `a, b, c` — or, when `total` is more than the items given, those and a count: `a, b, c, … and
 * 9,997 more`. Callers pass at most MAX_LISTED items (cut before they are formatted), so a
 * diagnostic about a huge bot (100,000 nodes in one loop) costs and reads like one about a small one.
 */
export function listed(items: readonly string[], total = items.length, separator = ', '): string {
  const shown = items.slice(0, MAX_LISTED);
  const more = total - shown.length;
  return more > 0 ? `${shown.join(separator)}${separator}… and ${more.toLocaleString('en-US')} more` : shown.join(separator);
}
