/** How `samvad test` prints results: a mark per case, a diff per failure, coverage tables. Pure. */
import type { Style } from '../cli/style.js';
import type { FlowCoverage, Measure } from './coverage.js';
import { percent } from './coverage.js';
import type { DiffLine } from './diff.js';
import type { CaseResult } from './run.js';

const INDENT = '      ';

function diffText(lines: readonly DiffLine[], s: Style): string {
  return lines
    .map((line) => {
      if (line.op === '-') return `${INDENT}${s.red(`- ${line.text}`)}\n`;
      if (line.op === '+') return `${INDENT}${s.green(`+ ${line.text}`)}\n`;
      return `${INDENT}${s.dim(`  ${line.text}`)}\n`;
    })
    .join('');
}

/** One case: `✓ name`, or `✗ name` then `file:line: what` and the diff (`-` expected, `+` actual). */
export function formatCase(result: CaseResult, file: string, s: Style): string {
  if (result.failure === undefined) return `  ${s.green('✓')} ${result.name}\n`;
  const { failure } = result;
  const after = failure.turn === undefined ? '' : ` (after \`${failure.turn.source}\` on line ${failure.turn.line})`;
  const diff = failure.diff.length === 0 ? '' : `${INDENT}${s.dim('- expected  + actual')}\n${diffText(failure.diff, s)}`;
  return `  ${s.red('✗')} ${result.name}\n${INDENT}${file}:${failure.line}: ${failure.message}${after}\n${diff}`;
}

/** A problem that stops a whole file (unreadable test, flow that does not compile). */
export function formatFileProblem(file: string, line: number | undefined, message: string, s: Style): string {
  return `  ${s.red('✗')} ${file}${line === undefined ? '' : `:${line}`}: ${message}\n`;
}

/** `N passed, N failed` — always alone on its line. */
export function summary(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}

function row(name: string, m: Measure, missedLabel: string, s: Style, min: number | undefined): string {
  const pct = percent(m);
  const figure = `${`${m.covered}/${m.total}`.padStart(7)}  ${`${Math.floor(pct)}%`.padStart(4)}`;
  const low = min !== undefined && pct < min;
  const shownMissed = m.missed.length > 8 ? [...m.missed.slice(0, 8), `… ${m.missed.length - 8} more`] : m.missed;
  const missed = m.missed.length === 0 ? '' : `   ${missedLabel}: ${shownMissed.join(', ')}`;
  return `  ${name.padEnd(9)} ${low ? s.red(figure) : figure}${missed}\n`;
}

/** A flow's coverage: nodes, options and languages, with what was missed. */
export function formatCoverage(coverage: FlowCoverage, s: Style, min?: number): string {
  return (
    `${s.bold(`coverage of ${coverage.flow}`)}\n` +
    row('nodes', coverage.nodes, 'not visited', s, min) +
    row('options', coverage.options, 'not chosen', s, min) +
    row('languages', coverage.languages, 'not used', s, min)
  );
}
