import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic, type Severity } from '../diagnostic.js';
import { count, MAX_DIAGNOSTICS_PER_FILE } from './limits.js';

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * At most `max` diagnostics per file, in their given order: when a file has more, the most severe
 * are kept (errors first, then in the given order) and one FLOW1900 after the file's last kept
 * diagnostic counts the rest. Its severity is the worst of what it hides, so an error is never
 * hidden behind a pass. An existing FLOW1900 is kept and not counted, so capping twice is harmless.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  const byFile = new Map<string, number[]>();
  diagnostics.forEach((d, i) => {
    if (d.code === DslCode.MoreProblems) return;
    const list = byFile.get(d.span.file);
    if (list === undefined) byFile.set(d.span.file, [i]);
    else list.push(i);
  });
  const hidden = new Set<number>();
  const summaryAfter = new Map<number, Diagnostic>();
  for (const [file, indexes] of byFile) {
    if (indexes.length <= max) continue;
    const bySeverity = [...indexes].sort((a, b) => rank(diagnostics, a) - rank(diagnostics, b) || a - b);
    const kept = bySeverity.slice(0, max);
    const dropped = bySeverity.slice(max).sort((a, b) => a - b);
    for (const i of dropped) hidden.add(i);
    summaryAfter.set(Math.max(...kept), summary(file, dropped.map((i) => diagnostics[i] as Diagnostic), max));
  }
  const out: Diagnostic[] = [];
  diagnostics.forEach((d, i) => {
    if (hidden.has(i)) return;
    out.push(d);
    const more = summaryAfter.get(i);
    if (more !== undefined) out.push(more);
  });
  return out;
}

/** How many diagnostics of each severity a FLOW1900 stands for (read back from its message), else undefined. */
export function hiddenCounts(d: Diagnostic): Record<Severity, number> | undefined {
  if (d.code !== DslCode.MoreProblems) return undefined;
  const tally: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const inside = /\(([^)]*)\)/.exec(d.message)?.[1] ?? '';
  for (const part of inside.split(', ')) {
    const match = /^([\d,]+) (error|warning|info)/.exec(part);
    if (match !== null) tally[match[2] as Severity] = Number((match[1] as string).replaceAll(',', ''));
  }
  return tally;
}

function rank(diagnostics: readonly Diagnostic[], i: number): number {
  return RANK[(diagnostics[i] as Diagnostic).severity];
}

function summary(file: string, dropped: readonly Diagnostic[], max: number): Diagnostic {
  const tally = { error: 0, warning: 0, info: 0 };
  let first = dropped[0] as Diagnostic;
  for (const d of dropped) {
    tally[d.severity] += 1;
    if (d.span.offset < first.span.offset) first = d;
  }
  const severity: Severity = tally.error > 0 ? 'error' : tally.warning > 0 ? 'warning' : 'info';
  const parts = [
    tally.error > 0 ? `${count(tally.error)} error${tally.error === 1 ? '' : 's'}` : '',
    tally.warning > 0 ? `${count(tally.warning)} warning${tally.warning === 1 ? '' : 's'}` : '',
    tally.info > 0 ? `${count(tally.info)} info` : '',
  ].filter((p) => p !== '');
  return diagnostic({
    code: DslCode.MoreProblems,
    severity,
    message: `and ${count(dropped.length)} more problem${dropped.length === 1 ? '' : 's'} in this file (${parts.join(', ')}), not shown`,
    span: { file, offset: first.span.offset, length: 0 },
    primaryLabel: 'the first one not shown is here',
    notes: [`only ${count(max)} problems are listed per file`],
    help: 'fix the problems above and check again to see the rest',
  });
}
