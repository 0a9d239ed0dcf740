/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The closest candidate to `name` (at most a third of its length away, at least 1 edit allowed), if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * "Did you mean" hints one check run gives at most: each costs a pass over every candidate, so a
 * bot with 100,000 unknown names would take hours (only the first 100 diagnostics per file are
 * shown anyway). Past the budget, diagnostics come without the hint.
 */
export const MAX_SUGGESTIONS = 200;

const given = new WeakMap<object, number>();

/** `closest`, while the run identified by `run` (its check context) has suggestions left. */
export function closestWithinBudget(run: object, name: string, candidates: Iterable<string>): string | undefined {
  const spent = given.get(run) ?? 0;
  if (spent >= MAX_SUGGESTIONS) return undefined;
  given.set(run, spent + 1);
  return closest(name, candidates);
}
