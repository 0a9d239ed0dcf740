import type { CallDecl, Condition, Expectation, FromClause, MenuDecl, NodeDecl, PageDecl, WayOn } from '@samvad/dsl';
import type {
  CallNode,
  GraphBlock,
  GraphCondition,
  GraphDynamic,
  GraphNode,
  GraphOption,
  GraphValidation,
  GraphWayOn,
  LocalizedText,
} from '@samvad/runtime';
import type { Program } from '../program.js';
import { localize, localizeOptional } from './texts.js';

/** Default data-source timeout when neither the `source` nor the `from` clause gives one. */
export const DEFAULT_SOURCE_TIMEOUT_MS = 5000;

/** Default per-attempt timeout of an `endpoint` without `timeout:`. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 10_000;

/** Settings every node needs while lowering. */
export interface LowerSettings {
  /** The bot's languages, sorted (texts are built with their keys in order). */
  readonly languages: readonly string[];
  readonly retries: number;
  readonly start: string;
}

/**
 * Lowers one declared node to its graph form. Objects are built with their keys in sorted order
 * (and texts with their languages sorted) so that emitting needs no sorted copy.
 */
export function lowerNode(node: NodeDecl, program: Program, settings: LowerSettings, parent: string | undefined): GraphNode {
  const { languages } = settings;
  // Each node is written out with and without `parent` rather than spreading `{ parent }` in:
  // spreads allocate and give the objects of one kind several shapes.
  switch (node.kind) {
    case 'menu': {
      const options = lowerOptions(node, languages);
      const text = node.text === undefined ? empty(languages) : localize(node.text, languages);
      if (node.from === undefined) return parent === undefined ? { kind: 'menu', options, text } : { kind: 'menu', options, parent, text };
      const dynamic = lowerDynamic(node.from, program, settings);
      return parent === undefined ? { dynamic, kind: 'menu', options, text } : { dynamic, kind: 'menu', options, parent, text };
    }
    case 'page': {
      const blocks = lowerBlocks(node, languages);
      const then = lowerWayOn(node.then, settings.start);
      return parent === undefined ? { blocks, kind: 'page', then } : { blocks, kind: 'page', parent, then };
    }
    case 'input': {
      const text = node.text === undefined ? empty(languages) : localize(node.text, languages);
      const next = node.then?.name ?? settings.start;
      const onFail = node.retries?.target.name ?? settings.start;
      const retries = node.retries?.count.value ?? settings.retries;
      const retry = node.retry === undefined ? text : localize(node.retry, languages);
      const validate = lowerExpectation(node.expect);
      const variable = node.variable?.name ?? 'answer';
      return parent === undefined
        ? { kind: 'input', next, onFail, retries, retry, text, validate, variable }
        : { kind: 'input', next, onFail, parent, retries, retry, text, validate, variable };
    }
    case 'branch': {
      const cases = node.cases.map((c) => ({ target: c.target.name, when: lowerCondition(c.condition) }));
      const otherwise = node.otherwise?.name ?? settings.start;
      return parent === undefined ? { cases, kind: 'branch', otherwise } : { cases, kind: 'branch', otherwise, parent };
    }
    case 'goto': {
      const otherwise = node.target?.name ?? settings.start;
      return parent === undefined ? { cases: [], kind: 'branch', otherwise } : { cases: [], kind: 'branch', otherwise, parent };
    }
    case 'end': {
      const text = localizeOptional(node.text, languages);
      if (text === undefined) return parent === undefined ? { kind: 'end' } : { kind: 'end', parent };
      return parent === undefined ? { kind: 'end', text } : { kind: 'end', parent, text };
    }
    case 'call':
      return lowerCall(node, settings, parent);
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

/** An object from entries, keys sorted. */
function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) result[key] = value;
  return result;
}

function empty(languages: readonly string[]): LocalizedText {
  return Object.fromEntries(languages.map((l) => [l, '']));
}

/** Options numbered by position unless fixed with `number:`. */
function lowerOptions(menu: MenuDecl, languages: readonly string[]): GraphOption[] {
  return menu.options.map((option, index) => {
    const description = localizeOptional(option.description, languages);
    const set = option.sets.length === 0 ? undefined : sortedRecord(option.sets.map((s) => [s.variable.name, s.value.value]));
    const label = localize(option.label, languages);
    const number = option.number?.value ?? index + 1;
    const words = option.words.map((w) => w.value);
    if (description === undefined && option.language === undefined && set === undefined) {
      // The common option, built without spreads (keys still in sorted order).
      return { id: option.id.name, label, number, target: option.target.name, words };
    }
    return {
      ...(description === undefined ? {} : { description }),
      id: option.id.name,
      label,
      ...(option.language === undefined ? {} : { language: option.language.name }),
      number,
      ...(set === undefined ? {} : { set }),
      target: option.target.name,
      words,
    };
  });
}

function lowerDynamic(from: FromClause, program: Program, settings: LowerSettings): GraphDynamic {
  const description = localizeOptional(from.description, settings.languages);
  const sourceTimeout = program.sources.get(from.source.name)?.timeout?.ms;
  return {
    ...(description === undefined ? {} : { description }),
    fallback: from.fallback?.name ?? settings.start,
    into: from.into.name,
    params: sortedRecord(from.params.map((p) => [p.name.name, p.value.value])),
    source: from.source.name,
    target: from.target.name,
    timeoutMs: from.timeout?.ms ?? sourceTimeout ?? DEFAULT_SOURCE_TIMEOUT_MS,
    title: localize(from.title, settings.languages),
  };
}

/** Page blocks in order; consecutive bullets become one list. */
function lowerBlocks(page: PageDecl, languages: readonly string[]): GraphBlock[] {
  const blocks: GraphBlock[] = [];
  // The items of the bullet list last added, while the blocks after it are bullets too.
  let items: LocalizedText[] | undefined;
  for (const block of page.blocks) {
    if (block.kind !== 'bullet') items = undefined;
    switch (block.kind) {
      case 'bullet': {
        const item = localize(block.text, languages);
        if (items !== undefined) {
          items.push(item);
        } else {
          items = [item];
          blocks.push({ items, kind: 'bullets' });
        }
        break;
      }
      case 'text':
      case 'fee':
      case 'time':
        blocks.push({ kind: block.kind, text: localize(block.text, languages) });
        break;
      case 'link':
        blocks.push({ kind: 'link', label: localize(block.label, languages), url: block.url.value });
        break;
      case 'button':
        blocks.push({ kind: 'button', label: localize(block.label, languages), url: block.url.value });
        break;
      case 'media': {
        // A caption block with no lines is no caption.
        const caption = block.caption.kind === 'translations' && block.caption.entries.length === 0 ? undefined : localize(block.caption, languages);
        blocks.push({
          ...(caption === undefined ? {} : { caption }),
          ...(block.filename === undefined ? {} : { filename: block.filename.value }),
          kind: 'media',
          mediaType: block.mediaType,
          url: block.url.value,
        });
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`unexpected block ${String(never)}`);
      }
    }
  }
  return blocks;
}

function lowerWayOn(then: WayOn | undefined, start: string): GraphWayOn {
  if (then === undefined) return { kind: 'next', target: start };
  switch (then.kind) {
    case 'back':
    case 'home':
    case 'end':
      return { kind: then.kind };
    case 'next':
      return { kind: 'next', target: then.target.name };
    default: {
      const never: never = then;
      throw new Error(`unexpected way on ${String(never)}`);
    }
  }
}

function lowerExpectation(expect: Expectation | undefined): GraphValidation {
  if (expect === undefined) return { kind: 'any' };
  switch (expect.kind) {
    case 'number':
      return {
        kind: 'number',
        ...(expect.max === undefined ? {} : { max: expect.max.value }),
        ...(expect.min === undefined ? {} : { min: expect.min.value }),
      };
    case 'digits':
      return expect.length === undefined ? { kind: 'digits' } : { kind: 'digits', length: expect.length.value };
    case 'pattern':
      return { kind: 'pattern', pattern: expect.pattern.value };
    case 'oneOf':
      return { kind: 'oneOf', values: expect.values.map((v) => v.value) };
    case 'any':
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      return { kind: expect.kind };
    default: {
      const never: never = expect;
      throw new Error(`unexpected expectation ${String(never)}`);
    }
  }
}

/**
 * A call: `send` field → template and `receive` variable → answer path, keys sorted; a missing
 * `endpoint:` (FLOW4007), `then` (FLOW4007) or `fallback` (FLOW4009) stops compilation, so the
 * `start` defaults are never emitted.
 */
function lowerCall(node: CallDecl, settings: LowerSettings, parent: string | undefined): CallNode {
  const endpoint = node.endpoint?.name ?? '';
  const fallback = node.fallback?.name ?? settings.start;
  const next = node.then?.name ?? settings.start;
  const receive = sortedRecord(node.receive.map((r) => [r.variable.name, r.path.value]));
  const send = sortedRecord(node.send.map((s) => [s.field.name, s.value.value]));
  return parent === undefined
    ? { endpoint, fallback, kind: 'call', next, receive, send }
    : { endpoint, fallback, kind: 'call', next, parent, receive, send };
}

/** Lowers a branch condition. */
export function lowerCondition(condition: Condition): GraphCondition {
  switch (condition.kind) {
    case 'compare':
      return { kind: 'compare', op: condition.op, value: condition.value.value, variable: condition.variable.name };
    case 'isSet':
      return { kind: 'isSet', variable: condition.variable.name };
    case 'not':
      return { kind: 'not', operand: lowerCondition(condition.operand) };
    case 'and':
    case 'or':
      return { kind: condition.kind, left: lowerCondition(condition.left), right: lowerCondition(condition.right) };
    default: {
      const never: never = condition;
      throw new Error(`unexpected condition ${String(never)}`);
    }
  }
}
