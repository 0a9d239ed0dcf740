/**
 * Completion from the text before the cursor: node ids after `->` and `start:`, variables inside
 * `{…}` and in conditions, source names after `from`, endpoint names after a call's `endpoint:`,
 * language codes, and the keywords that fit where the cursor is (a declaration at the start of a
 * line, the clauses of the enclosing one).
 */
import { CompletionItemKind } from 'vscode-languageserver';
import type { CompletionItem } from 'vscode-languageserver';
import type { NodeDecl } from '@samvad/dsl';
import type { LineMap } from './lines.js';
import { occurrencesOf } from './symbols.js';
import type { Scope } from './workspace.js';

const DECLARATIONS = ['menu', 'page', 'input', 'branch', 'goto', 'end', 'source', 'endpoint', 'call', 'include', 'bot'];

/** The clauses of each declaration, as they start a line inside it. */
const CLAUSES: Readonly<Record<string, readonly string[]>> = {
  bot: ['languages:', 'start:', 'retries:', 'idle:', 'commands:', 'messages:'],
  menu: ['text:', 'option', 'from', 'description:', 'words:', 'number:', 'set', 'language:', 'title:', 'timeout:', 'fallback ->'],
  page: ['text:', 'bullet:', 'link', 'button', 'image', 'document', 'video', 'fee:', 'time:', 'then'],
  input: ['text:', 'var:', 'expect:', 'retry:', 'retries:', 'then ->'],
  branch: ['when', 'else ->'],
  goto: [],
  end: ['text:'],
  source: ['timeout:'],
  endpoint: ['url: env', 'secret: env', 'timeout:', 'sends:', 'answers:'],
  call: ['endpoint:', 'send:', 'receive:', 'then ->', 'fallback ->'],
  include: [],
};

/** Completion items at a position, given the line map of the file and the bot it belongs to. */
export function complete(lines: LineMap, line: number, character: number, scope: Scope): CompletionItem[] {
  const before = lines.linePrefix({ line, character });
  if (insideString(before)) {
    return /\{\s*[A-Za-z0-9_.]*$/.test(before) && !/\{\{[A-Za-z0-9_.]*$/.test(before) ? variables(scope) : [];
  }
  if (/^\s+[A-Za-z0-9_.]+\s*->\s*[A-Za-z0-9_]*$/.test(before) && !/^\s*(then|fallback|else|option|retries)\b/.test(before) && enclosing(lines, line) === 'call') {
    return variables(scope); // `reference -> ref` under `receive:` names a variable
  }
  if (/->\s*[A-Za-z0-9_]*$/.test(before) || /^\s*start\s*:\s*[A-Za-z0-9_]*$/.test(before)) return nodes(scope);
  if (/^\s+endpoint\s*:\s*[A-Za-z0-9_]*$/.test(before)) return endpoints(scope);
  if (/^\s*(url|secret)\s*:\s*[A-Za-z]*$/.test(before)) return keywords(['env']);
  if (/\bfrom\s+[A-Za-z0-9_]*$/.test(before)) return names(scope, 'source', CompletionItemKind.Interface, 'data source');
  if (/^\s*language\s*:\s*[A-Za-z0-9_]*$/.test(before)) return languages(scope, false);
  if (/^\s*then\s+[A-Za-z]*$/.test(before)) return keywords(['back', 'home', 'end', '->']);
  if (/^\s*expect\s*:\s*[A-Za-z]*$/.test(before)) return keywords(['number', 'digits', 'pattern', 'one of', 'any', 'photo', 'document', 'location', 'contact']);
  if (/^\s*(var\s*:|when\b|set\b)[^"]*?[A-Za-z0-9_.]*$/.test(before) && !/->/.test(before)) return variables(scope);
  if (/^[A-Za-z]*$/.test(before)) return keywords(DECLARATIONS);
  if (/^\s+[A-Za-z]*$/.test(before)) return [...keywords(CLAUSES[enclosing(lines, line)] ?? []), ...languages(scope, true)];
  return [];
}

/** True when the cursor is inside a `"…"` string (an odd number of unescaped quotes before it). */
function insideString(before: string): boolean {
  let inside = false;
  for (let i = 0; i < before.length; i += 1) {
    const c = before[i];
    if (c === '\\' && inside) i += 1;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

/** The declaration keyword of the nearest line above that starts at column 0. */
function enclosing(lines: LineMap, line: number): string {
  for (let l = line - 1; l >= 0; l -= 1) {
    const match = /^([a-z]+)\b/.exec(lines.lineText(l));
    if (match !== null && DECLARATIONS.includes(match[1] as string)) return match[1] as string;
  }
  return '';
}

function keywords(words: readonly string[]): CompletionItem[] {
  return words.map((word) => ({ label: word, kind: CompletionItemKind.Keyword }));
}

function nodes(scope: Scope): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const file of scope.files) {
    for (const decl of file.ast.decls) {
      if (decl.kind === 'bot' || decl.kind === 'source' || decl.kind === 'endpoint' || decl.kind === 'include') continue;
      if (decl.id.name === '' || items.has(decl.id.name)) continue;
      items.set(decl.id.name, { label: decl.id.name, kind: CompletionItemKind.Reference, detail: `${decl.kind}${firstText(decl, scope)}` });
    }
  }
  return [...items.values()];
}

function firstText(node: NodeDecl, scope: Scope): string {
  const lang = scope.languages[0];
  const text = node.kind === 'menu' || node.kind === 'input' || node.kind === 'end' ? node.text : undefined;
  if (text === undefined) return '';
  const value = text.kind === 'neutral' ? text.value : (text.entries.find((e) => e.lang.name === lang) ?? text.entries[0])?.value;
  return value === undefined ? '' : ` — ${value.split('\n')[0]?.slice(0, 60) ?? ''}`;
}

/** The endpoints declared in the bot's files, with the environment variable of their address. */
function endpoints(scope: Scope): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const file of scope.files) {
    for (const decl of file.ast.decls) {
      if (decl.kind !== 'endpoint' || decl.id.name === '' || items.has(decl.id.name)) continue;
      const detail = decl.urlEnv === undefined ? 'endpoint' : `endpoint (url from ${decl.urlEnv.name})`;
      items.set(decl.id.name, { label: decl.id.name, kind: CompletionItemKind.Interface, detail });
    }
  }
  return [...items.values()];
}

function names(scope: Scope, kind: 'source' | 'variable', itemKind: CompletionItemKind, detail: string): CompletionItem[] {
  const seen = new Set<string>();
  for (const o of occurrencesOf(scope.files)) if (o.kind === kind && o.definition) seen.add(o.name);
  return [...seen].sort().map((name) => ({ label: name, kind: itemKind, detail }));
}

function variables(scope: Scope): CompletionItem[] {
  return names(scope, 'variable', CompletionItemKind.Variable, 'variable');
}

function languages(scope: Scope, asLine: boolean): CompletionItem[] {
  return scope.languages.map((code, i) => ({
    label: asLine ? `${code}:` : code,
    kind: CompletionItemKind.Constant,
    detail: i === 0 ? 'language (default)' : 'language',
    ...(asLine ? { insertText: `${code}: ""` } : {}),
  }));
}
