/** Document symbols: the declarations of a file, with a menu's options as children. */
import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { Decl, FlowFile } from '@samvad/dsl';
import type { LineMap } from './lines.js';

/** The outline of one parsed file. */
export function outline(ast: FlowFile, lines: LineMap): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const decl of ast.decls) {
    const symbol = symbolOf(decl, lines);
    if (symbol !== undefined) out.push(symbol);
  }
  return out;
}

function symbolOf(decl: Decl, lines: LineMap): DocumentSymbol | undefined {
  const range = lines.rangeOf(decl.span);
  if (decl.kind === 'include') {
    return { name: decl.path.value || '(include)', detail: 'include', kind: SymbolKind.File, range, selectionRange: lines.rangeOf(decl.path.span) };
  }
  if (decl.id.name === '') return undefined;
  const selectionRange = lines.rangeOf(decl.id.span);
  const detail = decl.kind === 'call' && decl.endpoint !== undefined ? `call → ${decl.endpoint.name}` : decl.kind;
  const base = { name: decl.id.name, detail, kind: kindOf(decl), range, selectionRange };
  if (decl.kind !== 'menu') return base;
  const children: DocumentSymbol[] = decl.options
    .filter((o) => o.id.name !== '')
    .map((o) => ({ name: o.id.name, detail: `-> ${o.target.name}`, kind: SymbolKind.EnumMember, range: lines.rangeOf(o.span), selectionRange: lines.rangeOf(o.id.span) }));
  return { ...base, children };
}

function kindOf(decl: Exclude<Decl, { kind: 'include' }>): SymbolKind {
  switch (decl.kind) {
    case 'bot':
      return SymbolKind.Module;
    case 'menu':
      return SymbolKind.Enum;
    case 'page':
      return SymbolKind.String;
    case 'input':
      return SymbolKind.Field;
    case 'branch':
      return SymbolKind.Operator;
    case 'goto':
      return SymbolKind.Event;
    case 'end':
      return SymbolKind.Null;
    case 'source':
    case 'endpoint':
      return SymbolKind.Interface;
    case 'call':
      return SymbolKind.Function;
    default: {
      const never: never = decl;
      throw new Error(`unexpected declaration ${String(never)}`);
    }
  }
}
