/// <reference lib="dom" />
/** The tests panel: runs the bot's `.convo` tests on the current text; pass/fail, diffs, coverage. */
import type { CoverageMeasure, TestsReport } from '../shared/api.js';
import { call, el } from './api.js';

/** The tests view. */
export class TestsPanel {
  private readonly out: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly beforeRun: () => Promise<void>,
  ) {
    this.out = el('div', { class: 'tests', 'data-testid': 'tests' });
    const run = el('button', { type: 'button', 'data-testid': 'run-tests' }, '▶ Run tests');
    run.addEventListener('click', () => void this.run());
    root.append(el('div', { class: 'panel-bar' }, run, el('span', { class: 'hint' }, "The bot's .convo tests, on the text as it is now (saved or not).")), this.out);
  }

  async run(): Promise<void> {
    this.out.replaceChildren(el('div', { class: 'running' }, 'running…'));
    try {
      await this.beforeRun();
      this.render(await call<TestsReport>('/api/tests', {}));
    } catch (error) {
      this.out.replaceChildren(el('div', { class: 'notice' }, error instanceof Error ? error.message : String(error)));
    }
  }

  private render(report: TestsReport): void {
    const parts: HTMLElement[] = [
      el('div', { class: `tests-summary ${report.failed === 0 ? 'pass' : 'fail'}`, 'data-testid': 'tests-summary' }, `${report.passed} passed, ${report.failed} failed`),
    ];
    if (report.notice !== undefined) parts.push(el('div', { class: 'notice' }, report.notice));
    for (const file of report.files) {
      const list = el('ul', {});
      if (file.problem !== undefined) list.append(el('li', { class: 'fail' }, `✗ ${file.problem}`));
      for (const c of file.cases) {
        const item = el('li', { class: c.passed ? 'pass' : 'fail', 'data-testid': 'test-case', 'data-passed': String(c.passed) }, `${c.passed ? '✓' : '✗'} ${c.name}`);
        if (c.message !== undefined) item.append(el('div', { class: 'message' }, c.message));
        if (c.diff !== undefined && c.diff.length > 0) {
          item.append(el('pre', { class: 'diff', 'data-testid': 'test-diff' }, ...c.diff.map((line) => el('span', { class: line.op === '-' ? 'del' : line.op === '+' ? 'add' : 'same' }, `${line.op} ${line.text}\n`))));
        }
        list.append(item);
      }
      parts.push(el('details', { open: '' }, el('summary', {}, file.file), list));
    }
    const coverage = report.coverage;
    if (coverage !== undefined) {
      parts.push(
        el('h3', {}, 'Coverage'),
        el('table', { class: 'coverage', 'data-testid': 'coverage' }, row('nodes', coverage.nodes, 'not visited'), row('options', coverage.options, 'not chosen'), row('languages', coverage.languages, 'not used')),
      );
    }
    this.out.replaceChildren(...parts);
  }
}

function row(name: string, m: CoverageMeasure, missedLabel: string): HTMLTableRowElement {
  const pct = m.total === 0 ? 100 : Math.floor((100 * m.covered) / m.total);
  return el('tr', { 'data-measure': name }, el('th', {}, name), el('td', {}, `${m.covered}/${m.total}`), el('td', {}, `${pct}%`), el('td', { class: 'missed' }, m.missed.length === 0 ? '' : `${missedLabel}: ${m.missed.join(', ')}`));
}
