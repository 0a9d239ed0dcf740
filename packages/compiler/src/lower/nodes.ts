import type { Condition, Expectation, MenuDecl, NodeDecl, PageDecl, WayOn } from '@samvad/dsl';
import type {
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

/** Settings every node needs while lowering. */
export interface LowerSettings {
  readonly languages: readonly string[];
  readonly retries: number;
  readonly start: string;
}

/** Lowers one declared node to its graph form (without `parent`, which needs the whole graph). */
export function lowerNode(node: NodeDecl, program: Program, settings: LowerSettings): GraphNode {
  const { languages } = settings;
  switch (node.kind) {
    case 'menu': {
      const dynamic = node.from === undefined ? undefined : lowerDynamic(node, program, settings);
      return {
        kind: 'menu',
        text: node.text === undefined ? empty(languages) : localize(node.text, languages),
        options: lowerOptions(node, languages),
        ...(dynamic === undefined ? {} : { dynamic }),
      };
    }
    case 'page':
      return { kind: 'page', blocks: lowerBlocks(node, languages), then: lowerWayOn(node.then, settings.start) };
    case 'input': {
      const text = node.text === undefined ? empty(languages) : localize(node.text, languages);
      return {
        kind: 'input',
        text,
        variable: node.variable?.name ?? 'answer',
        validate: lowerExpectation(node.expect),
        retry: node.retry === undefined ? text : localize(node.retry, languages),
        retries: node.retries?.count.value ?? settings.retries,
        onFail: node.retries?.target.name ?? settings.start,
        next: node.then?.name ?? settings.start,
      };
    }
    case 'branch':
      return {
        kind: 'branch',
        cases: node.cases.map((c) => ({ when: lowerCondition(c.condition), target: c.target.name })),
        otherwise: node.otherwise?.name ?? settings.start,
      };
    case 'goto':
      return { kind: 'branch', cases: [], otherwise: node.target?.name ?? settings.start };
    case 'end': {
      const text = localizeOptional(node.text, languages);
      return text === undefined ? { kind: 'end' } : { kind: 'end', text };
    }
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function empty(languages: readonly string[]): LocalizedText {
  return Object.fromEntries(languages.map((l) => [l, '']));
}

/** Options numbered by position unless fixed with `number:`. */
function lowerOptions(menu: MenuDecl, languages: readonly string[]): GraphOption[] {
  return menu.options.map((option, index) => {
    const description = localizeOptional(option.description, languages);
    const set = option.sets.length === 0 ? undefined : Object.fromEntries(option.sets.map((s) => [s.variable.name, s.value.value]));
    return {
      id: option.id.name,
      number: option.number?.value ?? index + 1,
      label: localize(option.label, languages),
      ...(description === undefined ? {} : { description }),
      words: option.words.map((w) => w.value),
      target: option.target.name,
      ...(set === undefined ? {} : { set }),
      ...(option.language === undefined ? {} : { language: option.language.name }),
    };
  });
}

function lowerDynamic(menu: MenuDecl, program: Program, settings: LowerSettings): GraphDynamic | undefined {
  const from = menu.from;
  if (from === undefined) return undefined;
  const description = localizeOptional(from.description, settings.languages);
  const sourceTimeout = program.sources.get(from.source.name)?.timeout?.ms;
  return {
    source: from.source.name,
    params: Object.fromEntries(from.params.map((p) => [p.name.name, p.value.value])),
    into: from.into.name,
    title: localize(from.title, settings.languages),
    ...(description === undefined ? {} : { description }),
    target: from.target.name,
    timeoutMs: from.timeout?.ms ?? sourceTimeout ?? DEFAULT_SOURCE_TIMEOUT_MS,
    fallback: from.fallback?.name ?? settings.start,
  };
}

/** Page blocks in order; consecutive bullets become one list. */
function lowerBlocks(page: PageDecl, languages: readonly string[]): GraphBlock[] {
  const blocks: GraphBlock[] = [];
  for (const block of page.blocks) {
    switch (block.kind) {
      case 'bullet': {
        const last = blocks[blocks.length - 1];
        const item = localize(block.text, languages);
        if (last?.kind === 'bullets') blocks[blocks.length - 1] = { kind: 'bullets', items: [...last.items, item] };
        else blocks.push({ kind: 'bullets', items: [item] });
        break;
      }
      case 'text':
      case 'fee':
      case 'time':
        blocks.push({ kind: block.kind, text: localize(block.text, languages) });
        break;
      case 'link':
        blocks.push({ kind: 'link', url: block.url.value, label: localize(block.label, languages) });
        break;
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
        ...(expect.min === undefined ? {} : { min: expect.min.value }),
        ...(expect.max === undefined ? {} : { max: expect.max.value }),
      };
    case 'digits':
      return expect.length === undefined ? { kind: 'digits' } : { kind: 'digits', length: expect.length.value };
    case 'pattern':
      return { kind: 'pattern', pattern: expect.pattern.value };
    case 'oneOf':
      return { kind: 'oneOf', values: expect.values.map((v) => v.value) };
    case 'any':
      return { kind: 'any' };
    default: {
      const never: never = expect;
      throw new Error(`unexpected expectation ${String(never)}`);
    }
  }
}

/** Lowers a branch condition. */
export function lowerCondition(condition: Condition): GraphCondition {
  switch (condition.kind) {
    case 'compare':
      return { kind: 'compare', variable: condition.variable.name, op: condition.op, value: condition.value.value };
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
