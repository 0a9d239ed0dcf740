import type { NodeDecl, Span, Text } from '@samvad/dsl';

/** A text a citizen reads, with where it sits in its node. */
export interface TextUse {
  readonly text: Text;
  /** What the text is, for messages: `text`, `option label`, `bullet`, … */
  readonly role: string;
  /** A data-source prefix bound while this text is shown (`gr` in a `from` row title). */
  readonly scope?: string;
}

/** `textsOf` results by node (several checks ask for the texts of every node). */
const textsMemo = new WeakMap<NodeDecl, readonly TextUse[]>();

/** Every text of a node, in source order. */
export function textsOf(node: NodeDecl): readonly TextUse[] {
  let uses = textsMemo.get(node);
  if (uses === undefined) {
    uses = collectTexts(node);
    textsMemo.set(node, uses);
  }
  return uses;
}

/**
 * True when `test(text, arg)` holds for every text of a node (in source order, stopping at the
 * first that fails). Allocates nothing: checks use it to pass over the common node with nothing
 * to report, and only then ask `textsOf` for the roles they name in messages.
 */
export function everyText<A>(node: NodeDecl, test: (text: Text, arg: A) => boolean, arg: A): boolean {
  switch (node.kind) {
    case 'menu': {
      if (node.text !== undefined && !test(node.text, arg)) return false;
      for (const option of node.options) {
        if (!test(option.label, arg)) return false;
        if (option.description !== undefined && !test(option.description, arg)) return false;
      }
      const from = node.from;
      if (from === undefined) return true;
      return test(from.title, arg) && (from.description === undefined || test(from.description, arg));
    }
    case 'page':
      for (const block of node.blocks) if (!test(block.kind === 'link' ? block.label : block.text, arg)) return false;
      return true;
    case 'input':
      return (node.text === undefined || test(node.text, arg)) && (node.retry === undefined || test(node.retry, arg));
    case 'end':
      return node.text === undefined || test(node.text, arg);
    case 'branch':
    case 'goto':
      return true;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function collectTexts(node: NodeDecl): readonly TextUse[] {
  const uses: TextUse[] = [];
  switch (node.kind) {
    case 'menu':
      if (node.text !== undefined) uses.push({ text: node.text, role: 'text' });
      for (const option of node.options) {
        uses.push({ text: option.label, role: `label of option \`${option.id.name}\`` });
        if (option.description !== undefined) uses.push({ text: option.description, role: `description of option \`${option.id.name}\`` });
      }
      if (node.from !== undefined) {
        uses.push({ text: node.from.title, role: 'row title', scope: node.from.into.name });
        if (node.from.description !== undefined) uses.push({ text: node.from.description, role: 'row description', scope: node.from.into.name });
      }
      break;
    case 'page':
      for (const block of node.blocks) uses.push(block.kind === 'link' ? { text: block.label, role: 'link label' } : { text: block.text, role: block.kind });
      break;
    case 'input':
      if (node.text !== undefined) uses.push({ text: node.text, role: 'question' });
      if (node.retry !== undefined) uses.push({ text: node.retry, role: 'retry text' });
      break;
    case 'end':
      if (node.text !== undefined) uses.push({ text: node.text, role: 'farewell' });
      break;
    case 'branch':
    case 'goto':
      break;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
  return uses;
}

/** A `{name}` inside a text. */
export interface Placeholder {
  readonly name: string;
}

/** The `{name}` placeholders of a string; `{{` and `}}` are literal braces. */
export function placeholders(value: string): readonly Placeholder[] {
  const found: Placeholder[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '{' && value[i + 1] === '{') {
      i += 2;
    } else if (c === '{') {
      const close = value.indexOf('}', i + 1);
      if (close < 0) break;
      const name = value.slice(i + 1, close).trim();
      if (name !== '') found.push({ name });
      i = close + 1;
    } else {
      i += 1;
    }
  }
  return found;
}

/** The value of a text with placeholders and URLs removed: what must be translated. */
export function wordsOutsidePlaceholders(value: string): string {
  return value.replace(/\{\{|\}\}/g, '').replace(/\{[^}]*\}/g, '').replace(/https?:\/\/\S+|[\w.+-]+@[\w-]+\.[\w.]+/g, '');
}

/** The span of `needle` inside `span` of `source`, or `span` itself when it cannot be found. */
export function spanOfSubstring(source: string | undefined, span: Span, needle: string): Span {
  if (source === undefined) return span;
  const at = source.slice(span.offset, span.offset + span.length).indexOf(needle);
  return at < 0 ? span : { file: span.file, offset: span.offset + at, length: needle.length };
}
