/**
 * The compiler's diagnostics as the editor gets them: a name misspelt in several places is one
 * compiler diagnostic, published at every use, each with the fix that belongs there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { isFixData, toLspDiagnosticsByFile } from '../src/diagnostics.js';
import { Workspace } from '../src/workspace.js';

const dir = mkdtempSync(join(tmpdir(), 'samvad-lsp-diagnostics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = 'bot b\n  languages: en "English"\n  start: home\n\n';

/** The diagnostics the server would publish, by file, for a bot written to a folder of its own, `main.flow` open. */
function publish(name: string, files: Readonly<Record<string, string>>): { main: string; published: Map<string, LspDiagnostic[]> } {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  const ws = new Workspace([folder]);
  const main = join(folder, 'main.flow');
  ws.setOpen(main, files['main.flow'] ?? '');
  return { main, published: toLspDiagnosticsByFile(ws.check(main), ws) };
}

/** The text a published diagnostic underlines, and the edit its quick fix makes (as `[underlined text, replacement]`). */
function shown(d: LspDiagnostic, text: string): { underlined: string; fix?: [string, string] } {
  const lines = text.split('\n');
  const slice = (r: LspDiagnostic['range']) => (r.start.line === r.end.line ? (lines[r.start.line] ?? '').slice(r.start.character, r.end.character) : '');
  const data: unknown = d.data;
  return { underlined: slice(d.range), ...(isFixData(data) ? { fix: [slice(data.edit.range), data.edit.newText] as [string, string] } : {}) };
}

describe('every use of a misspelt name', () => {
  test('a variable misspelt in two `when`s: two diagnostics, each whose quick fix replaces its own use', () => {
    const flow = `${header}menu home\n  text: "Hi"\n  option go -> ask\n    "Go"\n\ninput ask\n  text: "Age?"\n  var: age\n  expect: number 1..120\n  then -> route\n\nbranch route\n  when agee >= 60 -> home\n  when agee < 18 -> home\n  else -> home\n`;
    const { main, published } = publish('conditions', { 'main.flow': flow });
    const list = (published.get(main) ?? []).filter((d) => d.code === 'FLOW7001');
    expect(list).toHaveLength(2);
    expect(list.map((d) => d.range.start.line)).toEqual([16, 17]);
    expect(list.map((d) => shown(d, flow))).toEqual([
      { underlined: 'agee', fix: ['agee', 'age'] },
      { underlined: 'agee', fix: ['agee', 'age'] },
    ]);
    expect(list.map((d) => (isFixData(d.data) ? d.data.edit.range.start.line : -1))).toEqual([16, 17]);
    expect(list.every((d) => String(d.message).startsWith('`agee` is tested by branch `route`, but nothing in the bot sets it ('))).toBe(true);
    expect(list[1]?.relatedInformation?.map((r) => r.location.range.start.line)).toEqual([16]);
  });

  test('a node whose own name is misspelt: every use is marked, each with the fix that renames the node', () => {
    const flow = `${header}menu home\n  text: "Hi"\n  option a -> revenue\n    "A"\n  option b -> revenue\n    "B"\n\npage revenu\n  text: "Revenue"\n  then home\n`;
    const { main, published } = publish('node-name', { 'main.flow': flow });
    const list = (published.get(main) ?? []).filter((d) => d.code === 'FLOW2001');
    expect(list.map((d) => [d.range.start.line, shown(d, flow)])).toEqual([
      [6, { underlined: 'revenue', fix: ['revenu', 'revenue'] }],
      [8, { underlined: 'revenue', fix: ['revenu', 'revenue'] }],
    ]);
  });

  test('across files: a use in an included file is published for that file', () => {
    const main = `${header}include "more.flow"\n\nmenu home\n  text: "Hi"\n  option a -> infoo\n    "A"\n  option b -> info\n    "B"\n\npage info\n  text: "Info"\n  then home\n`;
    const more = 'page more\n  text: "More"\n  then -> infoo\n';
    const result = publish('two-files', { 'main.flow': main, 'more.flow': more });
    const inMain = (result.published.get(result.main) ?? []).filter((d) => d.code === 'FLOW2001');
    const inMore = (result.published.get(join(dir, 'two-files', 'more.flow')) ?? []).filter((d) => d.code === 'FLOW2001');
    expect(inMain.map((d) => shown(d, main))).toEqual([{ underlined: 'infoo', fix: ['infoo', 'info'] }]);
    expect(inMore.map((d) => shown(d, more))).toEqual([{ underlined: 'infoo', fix: ['infoo', 'info'] }]);
    expect(inMore.map((d) => (isFixData(d.data) ? d.data.uri : undefined))).toEqual([pathToFileURL(join(dir, 'two-files', 'more.flow')).href]);
  });

  test('a label for another name is not a use: `{gr.date}` beside `{gr.title}` is not published on its own', () => {
    const flow = `${header}menu home\n  text: "Hi"\n  option a -> detail\n    "A"\n\npage detail\n  text: "{gr.title} {gr.date}"\n  then -> more\n\npage more\n  text: "{gr.title}"\n  then home\n`;
    const { main, published } = publish('other-name', { 'main.flow': flow });
    const list = (published.get(main) ?? []).filter((d) => d.code === 'FLOW7001');
    expect(list.map((d) => shown(d, flow).underlined)).toEqual(['{gr.title}', '{gr.title}']);
    expect(list[0]?.relatedInformation?.map((r) => r.message)).toEqual(['`{gr.date}` is not set here either', '`{gr.title}` is not set here either']);
  });
});
