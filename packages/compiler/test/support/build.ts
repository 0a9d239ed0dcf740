import type { Diagnostic } from '@samvad/dsl';
import { compile, memoryHost } from '../../src/index.js';
import type { CompileResult } from '../../src/index.js';

/** A bot header with Marathi and English and `start: home`, followed by `body`. */
export function bot(body: string, header = ''): string {
  return `bot demo\n  languages: mr "मराठी", en "English"\n  start: home\n${header}\n${body}`;
}

/** A menu with mr/en texts and options `[id, target, mr, en]`. */
export function menu(id: string, options: readonly (readonly [string, string, string, string])[], extra = ''): string {
  const lines = [`menu ${id}`, '  text:', '    mr: "निवडा"', '    en: "Choose"'];
  for (const [option, target, mr, en] of options) lines.push(`  option ${option} -> ${target}`, `    mr: "${mr}"`, `    en: "${en}"`);
  return `${lines.join('\n')}\n${extra}\n`;
}

/** A page with mr/en text and a way on. */
export function page(id: string, then = 'then back', mr = 'माहिती', en = 'Information'): string {
  return `page ${id}\n  text:\n    mr: "${mr}"\n    en: "${en}"\n  ${then}\n\n`;
}

/** Compiles in-memory files; the root is `main.flow` unless given. */
export function compileFiles(files: Readonly<Record<string, string>>, root = 'main.flow'): CompileResult {
  return compile(root, memoryHost(files));
}

/** Compiles one in-memory root file. */
export function compileText(text: string): CompileResult {
  return compileFiles({ 'main.flow': text });
}

/** The codes of a result's diagnostics, in order. */
export function codes(result: { readonly diagnostics: readonly Diagnostic[] }): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** The one diagnostic with `code` (fails the test when there is not exactly one). */
export function only(result: { readonly diagnostics: readonly Diagnostic[] }, code: string): Diagnostic {
  const found = result.diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got: ${codes(result).join(', ') || 'none'}`);
  return found[0] as Diagnostic;
}

/** The source text a span covers. */
export function textAt(result: CompileResult, span: Diagnostic['span']): string {
  return (result.sources.get(span.file) ?? '').slice(span.offset, span.offset + span.length);
}
