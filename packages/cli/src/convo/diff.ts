/** A line diff (longest common subsequence) shown unified-style: ` ` same, `-` expected, `+` actual. */

export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** The lines of `expected` and `actual`, aligned: unchanged lines once, removed as `-`, added as `+`. */
export function diffLines(expected: readonly string[], actual: readonly string[]): DiffLine[] {
  const n = expected.length;
  const m = actual.length;
  // lcs[i][j] = length of the LCS of expected[i..] and actual[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    const row = lcs[i] ?? [];
    const below = lcs[i + 1] ?? [];
    for (let j = m - 1; j >= 0; j -= 1) {
      row[j] = expected[i] === actual[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const e = expected[i];
    const a = actual[j];
    if (i < n && j < m && e === a) {
      out.push({ op: ' ', text: e ?? '' });
      i += 1;
      j += 1;
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      out.push({ op: '+', text: a ?? '' });
      j += 1;
    } else {
      out.push({ op: '-', text: e ?? '' });
      i += 1;
    }
  }
  // Show each changed run as all `-` then all `+`, the way unified diffs read.
  return groupChanges(out);
}

function groupChanges(lines: readonly DiffLine[]): DiffLine[] {
  const result: DiffLine[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flush = () => {
    result.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.op === '-') removed.push(line);
    else if (line.op === '+') added.push(line);
    else {
      flush();
      result.push(line);
    }
  }
  flush();
  return result;
}
