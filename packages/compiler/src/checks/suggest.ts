/** "Did you mean" hints, by the runtime's edit distance (`@samvad/runtime` match/distance; `@samvad/dsl` keeps its own, as it depends on no other package). */
import { editDistance } from '@samvad/runtime';

/** The closest candidate to `name` (at most a third of its length away, at least 1 edit allowed), if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    // A length difference beyond the limit cannot be bridged: skip without the distance's allocations.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Candidates one check run may compare for "did you mean" hints: each hint costs a pass over
 * every candidate, so a bot with 100,000 unknown names among 100,000 nodes would take hours
 * (and only the first 100 diagnostics per file are shown). A real bot of a thousand nodes gets
 * a thousand hints; past the budget, diagnostics come without one.
 */
const MAX_COMPARISONS = 1_000_000;

const spent = new WeakMap<object, number>();

/** `closest`, while the run identified by `run` (its check context) has comparisons left. */
export function closestWithinBudget(run: object, name: string, candidates: Iterable<string>): string | undefined {
  const used = spent.get(run) ?? 0;
  if (used >= MAX_COMPARISONS) return undefined;
  let examined = 0;
  const counted = (function* count(): Generator<string> {
    for (const candidate of candidates) {
      examined += 1;
      yield candidate;
    }
  })();
  const guess = closest(name, counted);
  spent.set(run, used + examined);
  return guess;
}
