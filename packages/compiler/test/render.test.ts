import { describe, expect, test } from 'vitest';
import { diagnostic } from '@samvad/dsl';
import { diagnosticsToJson, displayWidth, renderDiagnostic, renderDiagnostics, summaryLine } from '../src/index.js';
import { bot, compileFiles, menu, page } from './support/build.js';

const root = '/work/bot/flows/jalna.flow';
const revenue = '/work/bot/flows/departments/revenue.flow';

describe('human renderer', () => {
  const result = compileFiles(
    {
      [root]: `include "departments/revenue.flow"\n${bot(menu('home', [['caste', 'revenu', 'जात प्रमाणपत्र', 'Caste']]))}`,
      // `archive` is unreachable on its own; `revenue` is reached once `revenu` is fixed, so no warning names it.
      [revenue]: page('revenue') + page('archive'),
    },
    root,
  );

  test('renders like rustc: header, arrow with relative path, snippet with carets, help', () => {
    const text = renderDiagnostics(result.diagnostics, result.sources, { color: false, cwd: '/work/bot' });
    expect(text).toBe(
      [
        'error[FLOW2001]: unknown target `revenu`',
        '  --> flows/jalna.flow:10:19',
        '   |',
        '10 |   option caste -> revenu',
        '   |                   ^^^^^^ no node is named `revenu`',
        '   |',
        'help: did you mean `revenue` (defined at flows/departments/revenue.flow:1:6)?',
        '',
        'warning[FLOW4001]: page `archive` can never be reached from `home`',
        ' --> flows/departments/revenue.flow:7:6',
        '  |',
        '7 | page archive',
        '  |      ^^^^^^^ no option, `then` or branch leads here',
        '  |',
        'note: the bot has unknown targets (FLOW2001): if one of them was meant for this node, fixing it reaches it',
        'help: point an option or a `then ->` at `archive`',
        '',
        '1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  test('no ANSI escapes unless colour is asked for', () => {
    const plain = renderDiagnostics(result.diagnostics, result.sources, { color: false });
    const coloured = renderDiagnostics(result.diagnostics, result.sources, { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[1;31merror[FLOW2001]\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  test('carets line up under Devanagari and emoji', () => {
    const source = '    mr: "नमस्कार 🙏 जालना" -> target\n';
    const offset = source.indexOf('target');
    const d = diagnostic({ code: 'FLOW2001', severity: 'error', message: 'm', span: { file: 'f.flow', offset, length: 6 }, primaryLabel: 'here' });
    const lines = renderDiagnostic(d, new Map([['f.flow', source]]), { color: false }).split('\n');
    const code = lines[3] ?? '';
    const carets = lines[4] ?? '';
    const prefix = code.slice(0, code.indexOf('target'));
    expect(carets.indexOf('^')).toBe(displayWidth(prefix));
    // न म स ् क ा र: the virama (Mn) takes no column; the emoji takes two.
    expect(displayWidth('नमस्कार')).toBe(6);
    expect(displayWidth('🙏')).toBe(2);
  });

  test('a secondary label in another file gets its own `:::` section with a `---` underline', () => {
    const dup = compileFiles({ 'main.flow': `include "b.flow"\n${bot(menu('home', [['a', 'x', 'अ', 'A']]))}${page('x')}`, 'b.flow': page('x') });
    const text = renderDiagnostics(dup.diagnostics, dup.sources, { color: false });
    expect(text).toContain(' ::: main.flow:');
    expect(text).toMatch(/\| {6}- `x` first defined here/);
  });

  test('summary line counts severities', () => {
    const at = { file: 'f', offset: 0, length: 0 };
    const make = (severity: 'error' | 'warning' | 'info') => diagnostic({ code: 'X', severity, message: 'm', span: at });
    expect(summaryLine([make('error'), make('error'), make('warning')])).toBe('2 errors, 1 warning');
    expect(summaryLine([make('info')])).toBe('1 info');
    expect(summaryLine([])).toBe('no problems');
  });
});

describe('JSON renderer', () => {
  test('same model with file, line, column, endLine, endColumn (code points)', () => {
    const source = 'menu होम\n  option a -> कुठे\n';
    const offset = source.indexOf('कुठे');
    const d = diagnostic({
      code: 'FLOW2001',
      severity: 'error',
      message: 'unknown target',
      span: { file: '/w/f.flow', offset, length: 'कुठे'.length },
      labels: [{ span: { file: '/w/f.flow', offset: 5, length: 3 }, message: 'menu' }],
    });
    const [json] = diagnosticsToJson([d], new Map([['/w/f.flow', source]]), { cwd: '/w' });
    expect(json).toEqual({
      code: 'FLOW2001',
      severity: 'error',
      message: 'unknown target',
      file: 'f.flow',
      line: 2,
      column: 15,
      endLine: 2,
      endColumn: 19,
      labels: [{ file: 'f.flow', line: 1, column: 6, endLine: 1, endColumn: 9, message: 'menu' }],
      notes: [],
    });
  });
});
