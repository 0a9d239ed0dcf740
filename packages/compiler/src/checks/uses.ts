/**
 * Names used but never declared (a node, a data source, an endpoint): grouped by name, and reported
 * ONCE per name — at its first use, the other uses as `repeat` labels (the language server
 * underlines each of them), at most MAX_LISTED of them marked.
 */
import type { DiagnosticLabel, Ident } from '@samvad/dsl';
import { MAX_LISTED } from '../listing.js';

/** The uses of each name `isDeclared` rejects, in source order, by name. */
export function undeclaredUses(uses: Iterable<Ident>, isDeclared: (name: string) => boolean): Map<string, Ident[]> {
  const unknown = new Map<string, Ident[]>();
  for (const use of uses) {
    if (isDeclared(use.name)) continue;
    const same = unknown.get(use.name);
    if (same === undefined) unknown.set(use.name, [use]);
    else same.push(use);
  }
  return unknown;
}

/** What a diagnostic at the first of `uses` says of the others: a count for the message, labels, a note. */
export function otherUses(name: string, uses: readonly Ident[]): { counted: string; labels: DiagnosticLabel[]; notes: string[] } {
  const others = uses.slice(1);
  const shown = others.slice(0, MAX_LISTED);
  return {
    counted: others.length === 0 ? '' : ` (used ${uses.length.toLocaleString('en-US')} times)`,
    labels: shown.map((use) => ({ span: use.span, message: `\`${name}\` is used here too`, repeat: true })),
    notes: others.length > shown.length ? [`${(others.length - shown.length).toLocaleString('en-US')} more uses are not marked`] : [],
  };
}
