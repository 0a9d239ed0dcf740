/**
 * Tokenizes `.flow` text with the extension's TextMate grammar, as VS Code does: the same
 * engine (`vscode-textmate`) and regular-expression library (`vscode-oniguruma`, Oniguruma in
 * WebAssembly). Used by grammar.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const textmate = require('vscode-textmate') as typeof import('vscode-textmate');
const oniguruma = require('vscode-oniguruma') as typeof import('vscode-oniguruma');

/** The extension's folder (packages/vscode). */
export const EXTENSION_DIR = resolve(import.meta.dirname, '../..');

/** One token of a line: its text and the scopes VS Code would give it, outermost first. */
export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let loaded: Promise<import('vscode-textmate').IGrammar> | undefined;

/** The grammar named by the extension's package.json, loaded once. */
export function flowGrammar(): Promise<import('vscode-textmate').IGrammar> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<import('vscode-textmate').IGrammar> {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string }[] };
  };
  const entry = manifest.contributes.grammars[0];
  if (entry === undefined) throw new Error('package.json contributes no grammar');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== entry.scopeName) return null;
      const path = join(EXTENSION_DIR, entry.path);
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const grammar = await registry.loadGrammar(entry.scopeName);
  if (grammar === null) throw new Error(`grammar ${entry.scopeName} did not load`);
  return grammar;
}

/** Tokenizes lines in order (a `"""` string carries over), one token list per line. */
export async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await flowGrammar();
  let stack = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of each non-blank token of one line, as `text => scope` pairs. */
export async function scopesOf(line: string): Promise<[string, string][]> {
  const [tokens = []] = await tokenize(line);
  return tokens.filter((t) => t.text.trim() !== '').map((t) => [t.text, t.scopes[t.scopes.length - 1] ?? '']);
}

/** Every scope a piece of a line was given (e.g. `{gr.title}` inside a bold string). */
export async function scopesAt(line: string, piece: string): Promise<string[]> {
  const [tokens = []] = await tokenize(line);
  const at = line.indexOf(piece);
  if (at < 0) throw new Error(`"${piece}" is not in the line`);
  let offset = 0;
  for (const token of tokens) {
    if (offset <= at && at < offset + token.text.length) return [...token.scopes];
    offset += token.text.length;
  }
  return [];
}
