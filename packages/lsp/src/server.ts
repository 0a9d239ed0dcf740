/**
 * The language server: the protocol wiring of the workspace and the features. One connection,
 * requests answered in order; a change is checked at once (debouncing is the client's business)
 * and its diagnostics published for every file of the bot whose diagnostics changed.
 */
import { CodeActionKind, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver';
import type { CodeAction, Connection, InitializeResult, ServerCapabilities } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '@samvad/dsl';
import { complete } from './completion.js';
import { isFixData, toLspDiagnosticsByFile } from './diagnostics.js';
import { hover } from './hover.js';
import { definition, prepareRename, references, rename } from './navigate.js';
import { outline } from './outline.js';
import { pathOf, uriOf } from './uris.js';
import { Workspace } from './workspace.js';

/** What the server offers; the VS Code client and other editors read it from `initialize`. */
export const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  completionProvider: { triggerCharacters: ['>', '{', ':', ' '] },
  hoverProvider: true,
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

/** Serves `.flow` files on a connection until the client shuts it down. */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let ws = new Workspace();
  /** The URI a client knows each open file by (it may encode a path differently from us). */
  const uris = new Map<string, string>();
  const uriFor = (path: string) => uris.get(path) ?? uriOf(path);
  /** The last diagnostics sent per file, to send only what changed. */
  const published = new Map<string, string>();

  connection.onInitialize((params): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => p !== undefined);
    const root = params.rootUri === null || params.rootUri === undefined ? undefined : pathOf(params.rootUri);
    ws = new Workspace(folders.length > 0 ? folders : root === undefined ? [] : [root]);
    return { capabilities: CAPABILITIES, serverInfo: { name: 'samvad', version: '0.1.0' } };
  });

  const check = (path: string) => {
    for (const [file, lsp] of toLspDiagnosticsByFile(ws.check(path), ws, uriFor)) {
      const signature = JSON.stringify(lsp);
      if (file !== path && published.get(file) === signature) continue;
      if (lsp.length === 0 && !published.has(file) && file !== path) continue;
      published.set(file, signature);
      void connection.sendDiagnostics({ uri: uriFor(file), diagnostics: lsp });
    }
  };

  const sync = (uri: string, text: string): string | undefined => {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    uris.set(path, uri);
    ws.setOpen(path, text);
    return path;
  };

  // Fired on open too (TextDocuments' contract), so an opened file is checked once.
  documents.onDidChangeContent(({ document }) => {
    const path = sync(document.uri, document.getText());
    if (path !== undefined) check(path);
  });
  documents.onDidClose(({ document }) => {
    const path = pathOf(document.uri);
    if (path === undefined) return;
    ws.close(path);
    check(path);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    ws.changedOnDisk(changes.map((c) => pathOf(c.uri)).filter((p): p is string => p !== undefined));
    for (const document of documents.all()) {
      const path = pathOf(document.uri);
      if (path !== undefined) check(path);
    }
  });

  /** The path and offset of a request's position, in a file the server can read. */
  const at = (uri: string, position: { line: number; character: number }) => {
    const path = pathOf(uri);
    const lines = path === undefined ? undefined : ws.lines(path);
    return path === undefined || lines === undefined ? undefined : { path, lines, offset: lines.offsetAt(position) };
  };

  connection.onDefinition(({ textDocument, position }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? [] : definition(ws, p.path, p.offset, uriFor);
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? [] : references(ws, p.path, p.offset, context.includeDeclaration, uriFor);
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? null : (prepareRename(ws, p.path, p.offset) ?? null);
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? null : rename(ws, p.path, p.offset, newName, uriFor);
  });
  connection.onHover(({ textDocument, position }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? null : hover(ws, p.path, p.offset);
  });
  connection.onCompletion(({ textDocument, position }) => {
    const p = at(textDocument.uri, position);
    return p === undefined ? [] : complete(p.lines, position.line, position.character, ws.scope(p.path));
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const path = pathOf(textDocument.uri);
    const parsed = path === undefined ? undefined : ws.parsed(path);
    const lines = path === undefined ? undefined : ws.lines(path);
    return parsed === undefined || lines === undefined ? [] : outline(parsed.ast, lines);
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const path = pathOf(textDocument.uri);
    const lines = path === undefined ? undefined : ws.lines(path);
    if (path === undefined || lines === undefined) return [];
    const { output } = formatSource(lines.text, path);
    // A file with parse errors is not formatted (as `samvad fmt`): its errors are already shown.
    if (output === undefined || output === lines.text) return [];
    return [{ range: lines.rangeOf({ offset: 0, length: lines.text.length }), newText: output }];
  });
  connection.onCodeAction(({ context }) => {
    const actions: CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (!isFixData(d.data)) continue;
      actions.push({ title: d.data.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [d.data.uri]: [d.data.edit] } } });
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}
