/**
 * `samvad lsp` through the protocol: the real binary, spawned, on a copy of Jalna Mitra (the root
 * file and its twelve includes). Edits go to open buffers only; the copy on disk never changes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatSource } from '@samvad/dsl';
import { LspClient, applyEdits, copyFlows, uriOf } from './support/client.js';
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
});
