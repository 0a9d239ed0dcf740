/** "Did you mean" hints, by the runtime's edit distance (the one copy: `@samvad/runtime` match/distance). */
import { editDistance } from '@samvad/runtime';

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
