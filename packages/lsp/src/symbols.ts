/**
 * Every name written in a bot's files, as definitions and references: node ids, option ids (scoped
 * to their menu), variables (`var:`, `set`, `from … into`, a call's `receive`; used in conditions and
 * `{…}` in texts and in a call's `send`), data sources and endpoints. Read from the parser's AST; used for definition, references, rename and hover.
 */
import type { Condition, FlowFile, Ident, NodeDecl, Span, Text } from '@samvad/dsl';

/** The kinds of name the server navigates. */
export type NameKind = 'node' | 'option' | 'variable' | 'source' | 'endpoint';

/** One place a name is written. */
export interface Occurrence {
  readonly kind: NameKind;
  readonly name: string;
  readonly span: Span;
  readonly definition: boolean;
  /** For options: the id of their menu (option ids are unique per menu). */
  readonly scope?: string;
}

/** The occurrences of every name in `files` (each file's text is needed for `{…}` in strings). */
export function occurrencesOf(files: readonly { readonly ast: FlowFile; readonly text: string }[]): Occurrence[] {
  const out: Occurrence[] = [];
  for (const { ast, text } of files) collectFile(ast, text, out);
  return out;
}

/** The occurrence under an offset of a file (a name's span includes its end, where a cursor stops). */
export function occurrenceAt(all: readonly Occurrence[], file: string, offset: number): Occurrence | undefined {
  return all.find((o) => o.span.file === file && o.span.length > 0 && offset >= o.span.offset && offset <= o.span.offset + o.span.length);
}

/** Every occurrence of the same name as `target` (same kind, and same menu for an option). */
export function sameName(all: readonly Occurrence[], target: Occurrence): Occurrence[] {
  return all.filter((o) => o.kind === target.kind && o.name === target.name && o.scope === target.scope);
}

function collectFile(ast: FlowFile, text: string, out: Occurrence[]): void {
  const ref = (kind: NameKind, id: Ident | undefined, scope?: string) => push(out, kind, id, false, scope);
  const def = (kind: NameKind, id: Ident | undefined, scope?: string) => push(out, kind, id, true, scope);
  for (const decl of ast.decls) {
    switch (decl.kind) {
      case 'bot':
        ref('node', decl.start);
        break;
      case 'source':
        def('source', decl.id);
        break;
      case 'endpoint':
        def('endpoint', decl.id);
        break;
      case 'include':
        break;
      case 'menu':
      case 'page':
      case 'input':
      case 'branch':
      case 'goto':
      case 'end':
      case 'call':
        def('node', decl.id);
        collectNode(decl, text, out);
        break;
      default: {
        const never: never = decl;
        throw new Error(`unexpected declaration ${String(never)}`);
      }
    }
  }
}

function collectNode(node: NodeDecl, text: string, out: Occurrence[]): void {
  const ref = (kind: NameKind, id: Ident | undefined) => push(out, kind, id, false);
  const uses = (t: Text | undefined) => placeholdersIn(t, text, out);
  switch (node.kind) {
    case 'menu':
      uses(node.text);
      for (const option of node.options) {
        push(out, 'option', option.id, true, node.id.name);
        ref('node', option.target);
        uses(option.label);
        uses(option.description);
        for (const set of option.sets) push(out, 'variable', set.variable, true);
      }
      if (node.from !== undefined) {
        const from = node.from;
        ref('source', from.source);
        push(out, 'variable', from.into, true);
        ref('node', from.target);
        ref('node', from.fallback);
        uses(from.title);
        uses(from.description);
        for (const param of from.params) placeholdersInSpan(param.value.span, text, out);
      }
      return;
    case 'page':
      for (const block of node.blocks) {
        if (block.kind === 'link' || block.kind === 'button') {
          placeholdersInSpan(block.url.span, text, out);
          uses(block.label);
        } else if (block.kind === 'media') {
          placeholdersInSpan(block.url.span, text, out);
          if (block.filename !== undefined) placeholdersInSpan(block.filename.span, text, out);
          uses(block.caption);
        } else {
          uses(block.text);
        }
      }
      if (node.then?.kind === 'next') ref('node', node.then.target);
      return;
    case 'input':
      uses(node.text);
      uses(node.retry);
      push(out, 'variable', node.variable, true);
      ref('node', node.retries?.target);
      ref('node', node.then);
      return;
    case 'branch':
      for (const clause of node.cases) {
        conditionVariables(clause.condition, out);
        ref('node', clause.target);
      }
      ref('node', node.otherwise);
      return;
    case 'goto':
      ref('node', node.target);
      return;
    case 'end':
      uses(node.text);
      return;
    case 'call':
      ref('endpoint', node.endpoint);
      for (const send of node.send) placeholdersInSpan(send.value.span, text, out);
      for (const receive of node.receive) push(out, 'variable', receive.variable, true);
      ref('node', node.then);
      ref('node', node.fallback);
      return;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function push(out: Occurrence[], kind: NameKind, id: Ident | undefined, definition: boolean, scope?: string): void {
  if (id === undefined || id.name === '' || id.span.length === 0) return;
  if (kind === 'variable') {
    // `gr.title`: the variable is `gr` (a `from … into gr`), the field is not a name of the bot.
    const dot = id.name.indexOf('.');
    const name = dot < 0 ? id.name : id.name.slice(0, dot);
    out.push({ kind, name, span: { ...id.span, length: name.length }, definition });
    return;
  }
  out.push({ kind, name: id.name, span: id.span, definition, ...(scope === undefined ? {} : { scope }) });
}

function conditionVariables(condition: Condition, out: Occurrence[]): void {
  switch (condition.kind) {
    case 'compare':
    case 'isSet':
      push(out, 'variable', condition.variable, false);
      return;
    case 'not':
      conditionVariables(condition.operand, out);
      return;
    case 'and':
    case 'or':
      conditionVariables(condition.left, out);
      conditionVariables(condition.right, out);
      return;
    default: {
      const never: never = condition;
      throw new Error(`unexpected condition ${String(never)}`);
    }
  }
}

function placeholdersIn(text: Text | undefined, source: string, out: Occurrence[]): void {
  if (text === undefined) return;
  if (text.kind === 'neutral') placeholdersInSpan(text.span, source, out);
  else for (const entry of text.entries) placeholdersInSpan(entry.valueSpan, source, out);
}

/**
 * `{name}` and `{name.field}` inside a string literal as written (the compiler's rule: `{{` is a
 * literal brace; the name is what the braces hold, trimmed). A reference to the variable `name`.
 */
function placeholdersInSpan(span: Span, source: string, out: Occurrence[]): void {
  const raw = source.slice(span.offset, span.offset + span.length);
  if (!raw.includes('{')) return;
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '{' && raw[i + 1] === '{') {
      i += 2;
      continue;
    }
    if (raw[i] !== '{') {
      i += 1;
      continue;
    }
    const close = raw.indexOf('}', i + 1);
    if (close < 0) return;
    const inner = raw.slice(i + 1, close);
    const lead = inner.length - inner.trimStart().length;
    const name = inner.trim();
    if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) {
      push(out, 'variable', { name, span: { file: span.file, offset: span.offset + i + 1 + lead, length: name.length } }, false);
    }
    i = close + 1;
  }
}
