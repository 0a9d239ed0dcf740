/**
 * language-configuration.json against the layout `samvad fmt` writes (docs/language.md,
 * "Comments and layout"), measured on the real flows: where VS Code would put the cursor after
 * Enter, and where a line goes once its first word is typed.
 *
 * `predictIndent` models VS Code's auto-indent (src/vs/editor/common/languages/autoIndent.ts and
 * the Enter handling of cursor/cursorTypeEditOperations.ts): an onEnterRule that matches wins;
 * otherwise the new line inherits the indentation of the nearest non-blank line above, one level
 * deeper when that line matches increaseIndentPattern; typing a line that matches
 * decreaseIndentPattern takes one level off, unless the line above opened the block.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXTENSION_DIR } from './support/grammar.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const LEVEL = 2;

interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; afterText?: string; action: { indent: string; removeText?: number } }[];
}

const config = JSON.parse(readFileSync(join(EXTENSION_DIR, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
const indentOf = (line: string) => line.length - line.trimStart().length;

/** The indentation VS Code gives line `i` when it is typed after Enter at the end of line `i - 1`. */
function predictIndent(lines: readonly string[], i: number): number {
  const above = lines[i - 1] ?? '';
  const rule = config.onEnterRules.find((r) => new RegExp(r.beforeText).test(above) && new RegExp(r.afterText ?? '').test(''));
  if (rule !== undefined) return Math.max(0, indentOf(above) - (rule.action.removeText ?? 0));
  let p = i - 1;
  while (p >= 0 && (lines[p] as string).trim() === '') p -= 1;
  if (p < 0) return 0;
  const previous = lines[p] as string;
  const opens = increase.test(previous);
  const inherited = indentOf(previous) + (opens ? LEVEL : 0);
  return decrease.test(lines[i] as string) && !opens ? Math.max(0, inherited - LEVEL) : inherited;
}

const files = execFileSync('git', ['ls-files', 'flows/*.flow', 'flows/**/*.flow', 'examples/*.flow', 'examples/**/*.flow'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '');
const flows = files.map((file) => [file, readFileSync(join(ROOT, file), 'utf8').split('\n')] as const);

describe('indentation on the real flows', () => {
  test('increaseIndentPattern matches exactly the lines whose next line is one level deeper', () => {
    const wrong = flows.flatMap(([file, lines]) =>
      lines.flatMap((line, i) => {
        const next = lines[i + 1];
        if (line.trim() === '' || next === undefined || next.trim() === '') return [];
        const deeper = indentOf(next) === indentOf(line) + LEVEL;
        return increase.test(line) === deeper ? [] : [`${file}:${i + 1}: ${line.trim()} → ${next.trim()}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  test('Enter on a blank line starts at column 1, where every declaration after a blank line is', () => {
    const wrong = flows.flatMap(([file, lines]) =>
      lines.flatMap((line, i) => (i > 0 && (lines[i - 1] as string).trim() === '' && line.trim() !== '' && predictIndent(lines, i) !== indentOf(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(wrong).toEqual([]);
    expect(predictIndent(['    en: "Contact"', '    ', 'page contact'], 2)).toBe(0);
  });

  test('Enter then typing puts at least 95% of the lines of the real flows where samvad fmt has them', () => {
    let right = 0;
    let total = 0;
    const wrongByWord = new Map<string, number>();
    for (const [, lines] of flows) {
      lines.forEach((line, i) => {
        if (i === 0 || line.trim() === '') return;
        total += 1;
        if (predictIndent(lines, i) === indentOf(line)) right += 1;
        else {
          const word = line.trim().split(/[\s:]/)[0] as string;
          wrongByWord.set(word, (wrongByWord.get(word) ?? 0) + 1);
        }
      });
    }
    console.log(`indentation: ${right}/${total} lines right (${((100 * right) / total).toFixed(1)}%); off by a level: ${JSON.stringify(Object.fromEntries(wrongByWord))}`);
    expect(total).toBeGreaterThan(1000);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  test.each([
    ['a menu opens its clauses', ['menu home'], '  text:'],
    ['text: opens its language lines', ['menu home', '  text:'], '    mr: "नमस्कार"'],
    ['a language line is followed by the next one', ['  text:', '    mr: "नमस्कार"'], '    en: "Hello"'],
    ['an option after the text outdents', ['  text:', '    en: "Hello"'], '  option services -> departments'],
    ['an option opens its label', ['  option services -> departments'], '    mr: "सेवा"'],
    ['description: under an option opens deeper lines', ['  option services -> departments', '    en: "Services"', '    description:'], '      en: "Departments and services"'],
    ['then after a paragraph outdents', ['page contact', '  text:', '    en: "Ask at the help desk."'], '  then home'],
    ['a when after a when stays', ['branch route', '  when age >= 60 -> senior'], '  when not category -> general'],
    ['a blank line ends the declaration', ['  then home', ''], 'menu departments'],
    ['the bot header clauses stay', ['bot hello', '  languages: mr "मराठी", en "English"'], '  start: home'],
    // `samvad fmt` puts a """ text's lines, and its closing quotes, one level deeper.
    ['a """ text opens its lines', ['page p', '  text: """'], '    Hello'],
    ['a """ language line too', ['  text:', '    en: """'], '      Line one'],
    ['then after a """ text outdents', ['  text: """', '    Hello', '    """'], '  then end'],
  ])('%s', (_what, before, typed) => {
    const lines = [...before, typed];
    expect(predictIndent(lines, lines.length - 1)).toBe(indentOf(typed));
  });
});

describe('editing rules', () => {
  test('# comments a line; quotes, braces and parentheses close themselves', () => {
    expect(config.comments.lineComment).toBe('#');
    expect(config.autoClosingPairs.map((p) => p.open + p.close)).toEqual(['""', '{}', '()']);
    expect(config.autoClosingPairs.find((p) => p.open === '"')?.notIn).toEqual(['string', 'comment']);
    // `{` inside a string starts an interpolation: it closes there too.
    expect(config.autoClosingPairs.find((p) => p.open === '{')?.notIn).toEqual(['comment']);
  });

  test('selected text in a string is made *bold*, _italic_ or ~struck~ by typing the mark', () => {
    expect(config.surroundingPairs).toEqual(expect.arrayContaining([['*', '*'], ['_', '_'], ['~', '~']]));
  });

  test('a word is a name, a dotted data-source field, or a run of Devanagari', () => {
    const words = (text: string) => [...text.matchAll(new RegExp(config.wordPattern, 'gu'))].map((m) => m[0]);
    expect(words('option gr_latest -> gr_detail')).toEqual(['option', 'gr_latest', 'gr_detail']);
    expect(words('"{gr.title} · {gr.date}"')).toEqual(['gr.title', '·', 'gr.date']);
    expect(words('mr: "शासन निर्णय"')).toEqual(['mr', 'शासन', 'निर्णय']);
  });

  test('every pattern compiles', () => {
    const patterns = [config.wordPattern, config.indentationRules.increaseIndentPattern, config.indentationRules.decreaseIndentPattern, ...config.onEnterRules.flatMap((r) => [r.beforeText, r.afterText ?? ''])];
    for (const p of patterns) expect(() => new RegExp(p)).not.toThrow();
  });
});
