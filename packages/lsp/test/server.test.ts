/**
 * `samvad lsp` through the protocol: the real binary, spawned, on a copy of Jalna Mitra (the root
 * file and its twelve includes). Edits go to open buffers only; the copy on disk never changes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatSource } from '@samvad/dsl';
import { LspClient, REPO, applyEdits, copyFlows, uriOf } from './support/client.js';
import type { PublishedDiagnostic, Range, TextEdit } from './support/client.js';

let client: LspClient;
let capabilities: Record<string, unknown>;
let folder: { dir: string; remove: () => void };
let root: string;
let revenue: string;
let gr: string;

const errors = (list: readonly PublishedDiagnostic[]) => list.filter((d) => d.severity === 1);
const codes = (list: readonly PublishedDiagnostic[]) => list.map((d) => d.code);

beforeAll(async () => {
  folder = copyFlows();
  root = join(folder.dir, 'jalna-mitra.flow');
  revenue = join(folder.dir, 'departments/revenue.flow');
  gr = join(folder.dir, 'gr.flow');
  ({ client, capabilities } = await LspClient.start(folder.dir));
}, 60_000);

afterAll(async () => {
  const code = await client?.stop();
  folder?.remove();
  expect(code).toBe(0);
});

describe('samvad lsp on Jalna Mitra', () => {
  test('initialize announces what the server offers', () => {
    expect(capabilities).toMatchObject({
      textDocumentSync: { openClose: true, change: 2 },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      hoverProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    });
  });

  test('opening the bot and an included file publishes clean diagnostics for both', async () => {
    const since = client.count;
    await client.open(root);
    expect((await client.diagnostics(root, since)).diagnostics).toEqual([]);
    const next = client.count;
    await client.open(revenue);
    expect((await client.diagnostics(revenue, next)).diagnostics).toEqual([]);
  });

  test('a misspelt target: FLOW2001 with its docs page and help, then the quick fix clears it', async () => {
    const since = client.count;
    await client.replace(revenue, '-> rev_caste', '-> rev_cast');
    const { diagnostics } = await client.diagnostics(revenue, since, (d) => d.length > 0);
    const d = diagnostics.find((x) => x.code === 'FLOW2001');
    expect(d?.message).toContain('unknown target `rev_cast`');
    expect(d?.message).toContain('help: did you mean `rev_caste`');
    expect(d?.codeDescription?.href).toBe('https://github.com/samvad/samvad/blob/main/docs/diagnostics/FLOW2001.md');
    expect(d?.range.start).toEqual(client.at(revenue, 'rev_cast'));
    const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(revenue) },
      range: d?.range,
      context: { diagnostics: [d] },
    });
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['use `rev_caste`', 'quickfix']]);
    const next = client.count;
    await client.edit(revenue, actions[0]?.edit.changes[uriOf(revenue)] ?? []);
    expect((await client.diagnostics(revenue, next)).diagnostics).toEqual([]);
    expect(client.text(revenue)).toContain('option caste -> rev_caste\n');
  });

  test('a target misspelt in three places of two files: every use is underlined, each with the did-you-mean quick fix', async () => {
    const police = join(folder.dir, 'departments/police.flow');
    await client.open(police);
    const unknown = (list: readonly PublishedDiagnostic[]) => list.filter((d) => d.code === 'FLOW2001');
    const allThree = (count: number) => (list: readonly PublishedDiagnostic[]) => unknown(list).length === count && unknown(list).every((d) => d.message.includes('(used 3 times)'));
    const since = client.count;
    await client.replace(revenue, '  then back', '  then -> revenu', 'page rev_income');
    await client.replace(revenue, '  then back', '  then -> revenu', 'page rev_caste');
    await client.replace(police, '  then back', '  then -> revenu');
    const inRevenue = unknown((await client.diagnostics(revenue, since, allThree(2))).diagnostics);
    const inPolice = unknown((await client.diagnostics(police, since, allThree(1))).diagnostics);
    const uses: [string, PublishedDiagnostic][] = [
      [revenue, inRevenue[0] as PublishedDiagnostic],
      [revenue, inRevenue[1] as PublishedDiagnostic],
      [police, inPolice[0] as PublishedDiagnostic],
    ];
    expect(uses.map(([path, d]) => [path, d.range])).toEqual([
      [revenue, { start: client.at(revenue, '-> revenu', 3, 1), end: client.at(revenue, '-> revenu', 9, 1) }],
      [revenue, { start: client.at(revenue, '-> revenu', 3, 2), end: client.at(revenue, '-> revenu', 9, 2) }],
      [police, { start: client.at(police, '-> revenu', 3), end: client.at(police, '-> revenu', 9) }],
    ]);
    const edits = new Map<string, TextEdit[]>();
    for (const [path, d] of uses) {
      expect(d.severity).toBe(1);
      expect(d.message).toContain('unknown target `revenu` (used 3 times)');
      expect(d.message).toContain('help: did you mean `revenue`');
      const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', {
        textDocument: { uri: uriOf(path) },
        range: d.range,
        context: { diagnostics: [d] },
      });
      expect(actions.map((a) => [a.title, a.kind])).toEqual([['use `revenue`', 'quickfix']]);
      const edit = actions[0]?.edit.changes[uriOf(path)] ?? [];
      expect(edit).toEqual([{ range: d.range, newText: 'revenue' }]);
      edits.set(path, [...(edits.get(path) ?? []), ...edit]);
    }
    // Applied, the three quick fixes leave the bot clean; then the pages go back home as before.
    const next = client.count;
    await client.edit(revenue, edits.get(revenue) ?? []);
    await client.edit(police, edits.get(police) ?? []);
    await client.diagnostics(police, next, (d) => d.length === 0);
    expect((await client.diagnostics(revenue, next, (d) => d.length === 0)).diagnostics).toEqual([]);
    expect(client.text(revenue).split('  then -> revenue\n')).toHaveLength(3);
    const restored = client.count;
    await client.replace(revenue, '  then -> revenue', '  then back');
    await client.replace(revenue, '  then -> revenue', '  then back');
    await client.replace(police, '  then -> revenue', '  then back');
    await client.diagnostics(revenue, restored, (d) => d.length === 0 && !client.text(revenue).includes('then -> revenue'));
  });

  test('an edit in an included file reports in the file that includes it, and the report goes when it is undone', async () => {
    const since = client.count;
    await client.replace(revenue, 'menu revenue', 'menu revenue_dept');
    const inRoot = await client.diagnostics(root, since, (d) => d.length > 0);
    const unknown = inRoot.diagnostics.find((d) => d.code === 'FLOW2001');
    expect(unknown?.message).toContain('unknown target `revenue`');
    expect(unknown?.range.start).toEqual(client.at(root, '-> revenue', 3));
    const next = client.count;
    await client.replace(revenue, 'menu revenue_dept', 'menu revenue');
    expect((await client.diagnostics(root, next, (d) => d.length === 0)).diagnostics).toEqual([]);
  });

  test('go to definition of a node defined in another file, and of a data source', async () => {
    const target = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', {
      textDocument: { uri: uriOf(root) },
      position: client.at(root, '-> revenue', 4),
    });
    expect(target).toEqual([{ uri: uriOf(revenue), range: { start: client.at(revenue, 'menu revenue', 5), end: client.at(revenue, 'menu revenue', 12) } }]);
    await client.open(gr);
    const source = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', {
      textDocument: { uri: uriOf(gr) },
      position: client.at(gr, 'from maharashtra_gr', 6),
    });
    expect(source.map((l) => [l.uri, l.range.start])).toEqual([[uriOf(gr), client.at(gr, 'source maharashtra_gr', 7)]]);
  });

  test('references of a node across files, and of a variable set by options and used in a `from` parameter', async () => {
    const refs = await client.request<{ uri: string; range: Range }[]>('textDocument/references', {
      textDocument: { uri: uriOf(revenue) },
      position: client.at(revenue, 'menu revenue', 6),
      context: { includeDeclaration: true },
    });
    expect(refs.map((r) => r.uri).sort()).toEqual([uriOf(root), uriOf(revenue)].sort());
    expect(refs.find((r) => r.uri === uriOf(root))?.range.start).toEqual(client.at(root, '-> revenue', 3));
    const vars = await client.request<{ uri: string; range: Range }[]>('textDocument/references', {
      textDocument: { uri: uriOf(gr) },
      position: client.at(gr, 'set gr_dept', 5),
      context: { includeDeclaration: false },
    });
    expect(vars).toEqual([{ uri: uriOf(gr), range: { start: client.at(gr, '{gr_dept}', 1), end: client.at(gr, '{gr_dept}', 8) } }]);
  });

  test('rename a node across files: the edits, applied, check clean; a taken or invalid name is refused', async () => {
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: uriOf(root) },
      position: client.at(root, '-> revenue', 5),
    });
    expect(prepared.placeholder).toBe('revenue');
    const edit = await client.request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', {
      textDocument: { uri: uriOf(root) },
      position: client.at(root, '-> revenue', 5),
      newName: 'mahsul',
    });
    expect(Object.keys(edit.changes).sort()).toEqual([uriOf(root), uriOf(revenue)].sort());
    expect(Object.values(edit.changes).flat().every((e) => e.newText === 'mahsul')).toBe(true);
    const since = client.count;
    await client.edit(revenue, edit.changes[uriOf(revenue)] ?? []);
    await client.edit(root, edit.changes[uriOf(root)] ?? []);
    expect((await client.diagnostics(root, since, (d) => errors(d).length === 0 && client.text(root).includes('-> mahsul'))).diagnostics).toEqual([]);
    expect(client.latest(revenue)).toEqual([]);
    expect(client.text(revenue)).toContain('menu mahsul\n');
    await expect(
      client.request('textDocument/rename', { textDocument: { uri: uriOf(root) }, position: client.at(root, '-> mahsul', 4), newName: 'home' }),
    ).rejects.toThrow(/node `home` already exists \(.*jalna-mitra\.flow:\d+:\d+\)/);
    await expect(
      client.request('textDocument/rename', { textDocument: { uri: uriOf(root) }, position: client.at(root, '-> mahsul', 4), newName: '2nd menu' }),
    ).rejects.toThrow(/not a valid node name/);
  });

  test('completion: node ids after `->`, variables inside `{`, sources after `from`, keywords and languages in place', async () => {
    const label = (items: { label: string }[]) => items.map((i) => i.label);
    await client.replace(gr, 'page gr_unavailable', 'page gr_probe\n  text: "{gr_}"\n  then -> gr\n\npage gr_unavailable');
    const targets = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'then -> gr', 10) });
    expect(label(targets)).toEqual(expect.arrayContaining(['home', 'gr_menu', 'rev_income', 'departments']));
    expect(targets.find((t) => t.label === 'gr_menu')?.detail).toMatch(/^menu — /);
    const vars = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '{gr_}', 4) });
    expect(label(vars)).toEqual(['gr', 'gr_dept']);
    await client.replace(gr, 'page gr_probe', 'menu gr_probe2\n  from mah\n  text: "x"\n\npage gr_probe');
    const sources = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'from mah', 8) });
    expect(label(sources)).toEqual(['maharashtra_gr']);
    const clauses = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '  text: "x"', 2) });
    expect(label(clauses)).toEqual(expect.arrayContaining(['text:', 'option', 'from', 'mr:', 'hi:', 'en:']));
    expect(label(clauses)).not.toContain('then');
    const decls = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'menu gr_probe2', 0) });
    expect(label(decls)).toEqual(expect.arrayContaining(['menu', 'page', 'input', 'branch', 'goto', 'end', 'source', 'include']));
    const since = client.count;
    await client.replace(gr, 'menu gr_probe2\n  from mah\n  text: "x"\n\npage gr_probe\n  text: "{gr_}"\n  then -> gr\n\n', '');
    await client.diagnostics(gr, since, (d) => d.length === 0);
  });

  test('endpoints and calls: endpoint names after `endpoint:`, the new clauses and expectations, both in the outline', async () => {
    const label = (items: { label: string }[]) => items.map((i) => i.label);
    const probe = [
      'endpoint grievances',
      '  url: env GRIEVANCE_URL',
      '  secret: env GRIEVANCE_SECRET',
      '  sends: problem',
      '  answers: reference',
      '',
      'call submit',
      '  endpoint: gr',
      '  send:',
      '    problem: "{gr_dept}"',
      '  receive:',
      '    reference -> ref',
      '  then -> gr_menu',
      '  fallback -> gr_menu',
      '',
      'input gr_photo',
      '  var: photo',
      '  expect: ',
      '  then -> submit',
      '',
      'page gr_unavailable',
    ].join('\n');
    await client.replace(gr, 'page gr_unavailable', probe);
    const endpoints = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '  endpoint: gr', 14) });
    expect(endpoints).toEqual([expect.objectContaining({ label: 'grievances', detail: 'endpoint (url from GRIEVANCE_URL)' })]);
    const clauses = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '  send:', 2) });
    expect(label(clauses)).toEqual(expect.arrayContaining(['endpoint:', 'send:', 'receive:', 'then ->', 'fallback ->']));
    const expects = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '  expect: ', 10) });
    expect(label(expects)).toEqual(expect.arrayContaining(['photo', 'document', 'location', 'contact', 'number']));
    const decls = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'call submit', 0) });
    expect(label(decls)).toEqual(expect.arrayContaining(['endpoint', 'call']));
    await client.replace(gr, '  endpoint: gr\n', '  endpoint: grievances\n');
    const definition = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, '  endpoint: grievances', 14) });
    expect(definition.map((l) => [l.uri, l.range.start])).toEqual([[uriOf(gr), client.at(gr, 'endpoint grievances', 9)]]);
    const received = await client.request<{ range: Range }[]>('textDocument/references', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'reference -> ref', 14), context: { includeDeclaration: true } });
    expect(received.map((r) => r.range.start)).toEqual([client.at(gr, 'reference -> ref', 13)]);
    const hovered = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(gr) }, position: client.at(gr, 'then -> submit', 9) });
    expect(hovered.contents.value).toContain('**call** `submit`');
    expect(hovered.contents.value).toContain('sends `problem` to endpoint `grievances`, then `gr_menu` on success, `gr_menu` on failure');
    await client.replace(gr, '  endpoint: grievances\n', '  endpoint: gr\n');
    const symbols = await client.request<{ name: string; detail: string }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(gr) } });
    expect(symbols.filter((s) => s.name === 'grievances' || s.name === 'submit').map((s) => [s.name, s.detail])).toEqual([
      ['grievances', 'endpoint'],
      ['submit', 'call → gr'],
    ]);
    const since = client.count;
    await client.replace(gr, `${probe.slice(0, -'page gr_unavailable'.length)}`, '');
    await client.diagnostics(gr, since, (d) => d.length === 0);
  });

  test('hover on a node reference: kind, default-language text and how WhatsApp shows it', async () => {
    const menu = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(root) }, position: client.at(root, '-> mahsul', 4) });
    expect(menu.contents.value).toContain('**menu** `mahsul`');
    expect(menu.contents.value).toContain('> 📜 *महसूल विभाग* — कोणता दाखला हवा आहे?');
    expect(menu.contents.value).toContain('WhatsApp (mr): a list of 6 rows');
    const page = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(revenue) }, position: client.at(revenue, '-> rev_income', 4) });
    expect(page.contents.value).toContain('**page** `rev_income`');
    expect(page.contents.value).toMatch(/WhatsApp \(mr\): a text message, then 2 reply buttons: /);
  });

  test('document symbols: the outline of the root file, with options under their menu', async () => {
    const symbols = await client.request<{ name: string; detail: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(root) } });
    expect(symbols.slice(0, 2).map((s) => s.detail)).toEqual(['include', 'include']);
    expect(symbols.find((s) => s.detail === 'bot')?.name).toBe('jalna_mitra');
    const home = symbols.find((s) => s.name === 'home');
    expect(home?.detail).toBe('menu');
    expect(home?.children?.map((c) => c.name).slice(0, 2)).toEqual(['jalna_mitra', 'gr']);
  });

  test('formatting through the formatter of samvad fmt', async () => {
    const before = client.text(revenue);
    await client.replace(revenue, '  option income -> rev_income', '  option   income   ->   rev_income');
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: uriOf(revenue) }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = applyEdits(client.text(revenue), edits);
    expect(formatted).toBe(formatSource(client.text(revenue), revenue).output);
    expect(formatted).toBe(before);
    await client.edit(revenue, edits);
  });

  test('quick fixes: a missing language line stub, a missing `then`', async () => {
    let since = client.count;
    await client.replace(revenue, '    en: "Income certificate"\n', '');
    let { diagnostics } = await client.diagnostics(revenue, since, (d) => d.some((x) => x.code === 'FLOW3001'));
    const missing = diagnostics.find((d) => d.code === 'FLOW3001');
    let actions = await client.request<{ title: string; edit: { changes: Record<string, TextEdit[]> } }[]>('textDocument/codeAction', { textDocument: { uri: uriOf(revenue) }, range: missing?.range, context: { diagnostics: [missing] } });
    expect(actions.map((a) => a.title)).toEqual(['add `en` line']);
    since = client.count;
    await client.edit(revenue, actions[0]?.edit.changes[uriOf(revenue)] ?? []);
    expect(client.text(revenue)).toContain('    hi: "आय प्रमाण पत्र"\n    en: "…"\n    description:');
    expect(codes((await client.diagnostics(revenue, since)).diagnostics)).toEqual([]);

    since = client.count;
    const thenLine = client.text(revenue).indexOf('  then', client.text(revenue).indexOf('page rev_caste'));
    const end = client.text(revenue).indexOf('\n', thenLine);
    await client.replace(revenue, client.text(revenue).slice(thenLine, end + 1), '', 'page rev_caste');
    ({ diagnostics } = await client.diagnostics(revenue, since, (d) => d.some((x) => x.code === 'FLOW4002')));
    const deadEnd = diagnostics.find((d) => d.code === 'FLOW4002');
    expect(deadEnd?.message).toContain('page `rev_caste` has no `then`');
    actions = await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(revenue) }, range: deadEnd?.range, context: { diagnostics: [deadEnd] } });
    expect(actions.map((a) => a.title)).toEqual(['add `then back`']);
    since = client.count;
    await client.edit(revenue, actions[0]?.edit.changes[uriOf(revenue)] ?? []);
    expect(codes((await client.diagnostics(revenue, since)).diagnostics)).toEqual([]);
  });

  test('a syntax error appears at once and goes when fixed; a file no bot includes gets its parse errors', async () => {
    let since = client.count;
    await client.replace(revenue, 'option caste -> rev_caste', 'option caste -> ');
    const broken = await client.diagnostics(revenue, since, (d) => d.length > 0);
    expect(codes(broken.diagnostics)[0]).toMatch(/^FLOW1/);
    since = client.count;
    await client.replace(revenue, 'option caste -> ', 'option caste -> rev_caste');
    expect((await client.diagnostics(revenue, since)).diagnostics).toEqual([]);
    const loose = join(folder.dir, 'departments/scratch.flow');
    since = client.count;
    await client.open(loose, 'page scratch\n  text: "x"\n  then bogus\n');
    expect(codes((await client.diagnostics(loose, since)).diagnostics)).toEqual(['FLOW1101']);
  });
});

describe('samvad lsp and its editor', () => {
  test('the server ends when the editor goes away (its stdin closes) without a shutdown', async () => {
    const child = spawn(process.execPath, [join(REPO, 'packages/cli/bin/samvad.js'), 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
