import type { NodeDecl, OptionDecl, PageBlock, Span, Text } from '@samvad/dsl';

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
  return walkTexts(node, test, arg);
}

function collectTexts(node: NodeDecl): readonly TextUse[] {
  const uses: TextUse[] = [];
  walkTexts(node, (text, _uses, role, option, scope) => {
    uses.push({ text, role: option === undefined ? role : `${role} of option \`${option.id.name}\``, ...(scope === undefined ? {} : { scope }) });
    return true;
  }, uses);
  return uses;
}

/**
 * The one walk over a node's texts, in source order, for `everyText` and `textsOf`: calls
 * `visit(text, arg, role, option, scope)` for each until one returns false (then returns false).
 * `option` is set for an option's label and description; `scope` for a `from` row's texts.
 */
function walkTexts<A>(
  node: NodeDecl,
  visit: (text: Text, arg: A, role: string, option: OptionDecl | undefined, scope: string | undefined) => boolean,
  arg: A,
): boolean {
  switch (node.kind) {
    case 'menu': {
      if (node.text !== undefined && !visit(node.text, arg, 'text', undefined, undefined)) return false;
      for (const option of node.options) {
        if (!visit(option.label, arg, 'label', option, undefined)) return false;
        if (option.description !== undefined && !visit(option.description, arg, 'description', option, undefined)) return false;
      }
      const from = node.from;
      if (from === undefined) return true;
      if (!visit(from.title, arg, 'row title', undefined, from.into.name)) return false;
      return from.description === undefined || visit(from.description, arg, 'row description', undefined, from.into.name);
    }
    case 'page':
      for (const block of node.blocks) if (!visitBlock(block, visit, arg)) return false;
      return true;
    case 'input':
      if (node.text !== undefined && !visit(node.text, arg, 'question', undefined, undefined)) return false;
      return node.retry === undefined || visit(node.retry, arg, 'retry text', undefined, undefined);
    case 'end':
      return node.text === undefined || visit(node.text, arg, 'farewell', undefined, undefined);
    case 'branch':
    case 'goto':
    case 'call':
      return true;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

/** The texts of one page block: a caption block with no lines is no caption (and no text). */
function visitBlock<A>(
  block: PageBlock,
  visit: (text: Text, arg: A, role: string, option: OptionDecl | undefined, scope: string | undefined) => boolean,
  arg: A,
): boolean {
  switch (block.kind) {
    case 'text':
    case 'bullet':
    case 'fee':
    case 'time':
      return visit(block.text, arg, block.kind, undefined, undefined);
    case 'link':
      return visit(block.label, arg, 'link label', undefined, undefined);
    case 'button':
      return visit(block.label, arg, 'button label', undefined, undefined);
    case 'media':
      return isNoText(block.caption) || visit(block.caption, arg, `${block.mediaType} caption`, undefined, undefined);
    default: {
      const never: never = block;
      throw new Error(`unexpected block ${String(never)}`);
    }
  }
}

/** True for a block of language lines with no line in it (a media block without a caption). */
export function isNoText(text: Text): boolean {
  return text.kind === 'translations' && text.entries.length === 0;
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
