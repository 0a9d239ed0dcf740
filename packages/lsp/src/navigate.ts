/** Go to definition, find references and rename, across every file of the bot. */
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { KEYWORD_WORDS } from '@samvad/dsl';
import type { Span } from '@samvad/dsl';
import { occurrenceAt, occurrencesOf, sameName } from './symbols.js';
import type { NameKind, Occurrence } from './symbols.js';
import type { Workspace } from './workspace.js';

/** The URI of a path as the client knows it. */
export type UriFor = (path: string) => string;

/** The name under the cursor and every occurrence of the bot's files. */
export function nameAt(ws: Workspace, path: string, offset: number): { target: Occurrence; all: Occurrence[] } | undefined {
  const all = occurrencesOf(ws.scope(path).files);
  const target = occurrenceAt(all, path, offset);
  return target === undefined ? undefined : { target, all };
}

/** Where the name under the cursor is defined (every place, for a variable set in several). */
export function definition(ws: Workspace, path: string, offset: number, uriFor: UriFor): Location[] {
  const found = nameAt(ws, path, offset);
  if (found === undefined) return [];
  return sameName(found.all, found.target)
    .filter((o) => o.definition)
    .map((o) => location(ws, o.span, uriFor));
}

/** Every place the name under the cursor is written (its definitions only when asked). */
export function references(ws: Workspace, path: string, offset: number, includeDeclaration: boolean, uriFor: UriFor): Location[] {
  const found = nameAt(ws, path, offset);
  if (found === undefined) return [];
  return sameName(found.all, found.target)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => location(ws, o.span, uriFor));
}

/** The range of the name a rename would change, or `undefined` (nothing to rename there). */
export function prepareRename(ws: Workspace, path: string, offset: number): { range: Range; placeholder: string } | undefined {
  const found = nameAt(ws, path, offset);
  const lines = ws.lines(path);
  if (found === undefined || lines === undefined) return undefined;
  return { range: lines.rangeOf(found.target.span), placeholder: found.target.name };
}

/** The edits of a rename in every file; refuses (ResponseError) a name that is not valid or is taken. */
export function rename(ws: Workspace, path: string, offset: number, newName: string, uriFor: UriFor): WorkspaceEdit | null {
  const found = nameAt(ws, path, offset);
  if (found === undefined) return null;
  const { target, all } = found;
  const problem = invalidName(target.kind, newName) ?? taken(all, target, newName, ws);
  if (problem !== undefined) throw new ResponseError(ErrorCodes.InvalidParams, problem);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of sameName(all, target)) {
    const lines = ws.lines(o.span.file);
    if (lines === undefined) continue;
    const uri = uriFor(o.span.file);
    (changes[uri] ??= []).push({ range: lines.rangeOf(o.span), newText: newName });
  }
  return { changes };
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS: ReadonlySet<string> = new Set(KEYWORD_WORDS);

function invalidName(kind: NameKind, name: string): string | undefined {
  if (!PLAIN_NAME.test(name)) return `\`${name}\` is not a valid ${what(kind)} name: use letters, digits and _ (not first a digit)`;
  // Node ids may be keywords (`then -> end`); a variable or source named like a keyword reads badly in conditions.
  if (kind !== 'node' && kind !== 'option' && KEYWORDS.has(name)) return `\`${name}\` is a keyword of the language; choose another ${what(kind)} name`;
  return undefined;
}

function taken(all: readonly Occurrence[], target: Occurrence, name: string, ws: Workspace): string | undefined {
  if (name === target.name) return undefined;
  const clash = all.find((o) => o.definition && o.kind === target.kind && o.name === name && o.scope === target.scope);
  if (clash === undefined) return undefined;
  const at = ws.lines(clash.span.file)?.positionAt(clash.span.offset);
  const where = at === undefined ? clash.span.file : `${clash.span.file}:${at.line + 1}:${at.character + 1}`;
  const scope = target.kind === 'option' ? ` in menu \`${target.scope ?? ''}\`` : '';
  return `${what(target.kind)} \`${name}\` already exists${scope} (${where}); choose another name`;
}

function what(kind: NameKind): string {
  switch (kind) {
    case 'node':
      return 'node';
    case 'option':
      return 'option';
    case 'variable':
      return 'variable';
    case 'source':
      return 'data source';
    case 'endpoint':
      return 'endpoint';
    default: {
      const never: never = kind;
      throw new Error(`unexpected kind ${String(never)}`);
    }
  }
}

function location(ws: Workspace, span: Span, uriFor: UriFor): Location {
  const range = ws.lines(span.file)?.rangeOf(span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { uri: uriFor(span.file), range };
}
