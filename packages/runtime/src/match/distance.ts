/**
 * Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two
 * neighbours), over code points, stopping early once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  // Lengths differing by more than `max` cannot be within it: checked before anything is allocated.
  if (Math.abs(codePoints(a) - codePoints(b)) > max) return max + 1;
  const x = Array.from(a);
  const y = Array.from(b);
  const width = y.length + 1;
  let prevPrev: number[] = new Array<number>(width).fill(0);
  let prev: number[] = Array.from({ length: width }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const row: number[] = new Array<number>(width).fill(0);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[y.length] ?? max + 1;
}

/** The number of code points (a surrogate pair counts once), without allocating. */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n += 1;
  }
  return n;
}

/** How many typos a word of this many code points tolerates: none under 5, 1 for 5–7, 2 for 8+. */
export function typoAllowance(length: number): number {
  if (length >= 8) return 2;
  if (length >= 5) return 1;
  return 0;
}
