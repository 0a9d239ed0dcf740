import { compareValues } from '@samvad/runtime';
import { diagnostic } from '@samvad/dsl';
import type { BranchDecl, Condition, Ident, NodeDecl, Span } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { inputBindings } from '../edges.js';
import { listed, MAX_LISTED } from '../listing.js';
import { closestWithinBudget } from './suggest.js';
import { helpFromBindings } from './variables.js';

/** A comparison or an `isSet`: the parts of a condition that name a variable. */
type Leaf = Extract<Condition, { kind: 'compare' | 'isSet' }>;

/** One variable named in a `when`. */
interface Tested {
  readonly branch: BranchDecl;
  /** The whole condition of its `when`. */
  readonly condition: Condition;
  readonly leaf: Leaf;
  readonly variable: Ident;
  /** True when its `when` is the branch's last. */
  readonly last: boolean;
}

/** Where a variable is set, for "did you mean". */
interface Setting {
  readonly how: string;
  readonly span: Span;
}

/**
 * FLOW7001 in conditions: a `when` that names a variable nothing in the bot sets always reads it
 * as empty text, so the `when` always goes the same way (`agee >= 60` never holds, the branch
 * takes the next `when` or `else`): that is always a mistake, an error. Anything that sets the
 * name anywhere counts (an input's `var:` and the parts a photo, document, location or contact
 * input binds; an option's `set`; a call's `receive:`; `from … into x` for `x.field`): a variable
 * only some paths set is a legitimate test (`when photo` after an optional photo), so unlike a
 * `{name}` in a text no path is followed. A name is reported once, at its first test, with its
 * other tests as labels; "did you mean" compares every name the bot sets, and gives the fix.
 */
export function checkConditionVariables(ctx: CheckContext): void {
  let tested: Tested[] | undefined;
  for (const node of ctx.program.nodes.values()) {
    if (node.kind !== 'branch') continue;
    node.cases.forEach((clause, i) => {
      const last = i === node.cases.length - 1;
      for (const leaf of leavesOf(clause.condition)) (tested ??= []).push({ branch: node, condition: clause.condition, leaf, variable: leaf.variable, last });
    });
  }
  if (tested === undefined) return;
  const settings = collectSettings(ctx);
  const never = (name: string) => !isSet(name, settings);
  const unset = new Map<string, Tested[]>();
  for (const use of tested) {
    if (!never(use.variable.name)) continue;
    const key = keyOf(use.variable.name);
    const list = unset.get(key);
    if (list === undefined) unset.set(key, [use]);
    else list.push(use);
  }
  for (const uses of unset.values()) report(uses, settings, never, ctx);
}

function leavesOf(condition: Condition, out: Leaf[] = []): Leaf[] {
  switch (condition.kind) {
    case 'compare':
    case 'isSet':
      out.push(condition);
      return out;
    case 'not':
      return leavesOf(condition.operand, out);
    case 'and':
    case 'or':
      leavesOf(condition.left, out);
      return leavesOf(condition.right, out);
    default: {
      const never: never = condition;
      throw new Error(`unexpected condition ${String(never)}`);
    }
  }
}

/** Every name something in the bot sets, with the first thing that sets it; `x.` for a `from … into x`. */
function collectSettings(ctx: CheckContext): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  const add = (name: string, how: string, span: Span) => {
    if (!settings.has(name)) settings.set(name, { how, span });
  };
  for (const node of ctx.program.nodes.values()) settersIn(node, add);
  return settings;
}

function settersIn(node: NodeDecl, add: (name: string, how: string, span: Span) => void): void {
  switch (node.kind) {
    case 'input':
      if (node.variable === undefined) return;
      for (const name of inputBindings(node.variable.name, node.expect?.kind)) add(name, `input \`${node.id.name}\``, node.variable.span);
      return;
    case 'call':
      for (const r of node.receive) add(r.variable.name, `call \`${node.id.name}\``, r.variable.span);
      return;
    case 'menu':
      for (const option of node.options) for (const set of option.sets) add(set.variable.name, `option \`${option.id.name}\` of \`${node.id.name}\``, set.variable.span);
      if (node.from !== undefined) add(`${node.from.into.name}.`, `\`from ${node.from.source.name}\` in \`${node.id.name}\``, node.from.into.span);
      return;
    case 'page':
    case 'branch':
    case 'goto':
    case 'end':
      return;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function isSet(name: string, settings: ReadonlyMap<string, Setting>): boolean {
  if (settings.has(name)) return true;
  const dot = name.indexOf('.');
  return dot > 0 && settings.has(`${name.slice(0, dot)}.`);
}

/** `x` for a plain name, `x.` for `x.field` (one misspelt `into x` is one error). */
function keyOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : `${name.slice(0, dot)}.`;
}

function report(uses: readonly Tested[], settings: ReadonlyMap<string, Setting>, never: (name: string) => boolean, ctx: CheckContext): void {
  const use = uses[0] as Tested;
  const name = use.variable.name;
  const others = uses.slice(1);
  const shown = others.slice(0, MAX_LISTED);
  const branches = [...new Set(uses.map((u) => u.branch.id.name))];
  const by = branches.length === 1 ? `branch \`${branches[0] as string}\`` : `branches ${listed(branches.slice(0, MAX_LISTED).map((b) => `\`${b}\``), branches.length)}`;
  const notes = [`nothing in the bot sets \`${name}\`, so in every conversation it is empty text (not set, and less than any number or other text)`];
  if (others.length > shown.length) notes.push(`${(others.length - shown.length).toLocaleString('en-US')} more uses are not marked`);
  const binding = helpFromBindings(name, ctx, false);
  const guess = binding === undefined ? guessFor(name, settings, ctx) : undefined;
  const setting = guess === undefined ? undefined : (settings.get(guess) ?? settings.get(keyOf(guess)));
  const help =
    binding ??
    (guess !== undefined && setting !== undefined
      ? `did you mean \`${guess}\` (set by ${setting.how} at ${ctx.locator.describe(setting.span)})?`
      : howToSet(name));
  const fix = guess === undefined || setting === undefined ? undefined : { span: use.variable.span, replacement: guess, description: `use \`${guess}\`` };
  ctx.report(
    diagnostic({
      code: 'FLOW7001',
      severity: 'error',
      message: `\`${name}\` is tested by ${by}, but nothing in the bot sets it`,
      span: use.variable.span,
      primaryLabel: `never set, so ${consequence(use, never, ctx)}`,
      labels: shown.map((o) => ({
        span: o.variable.span,
        message: `${o.variable.name === name ? 'never set here either' : `\`${o.variable.name}\` is never set either`}, so ${consequence(o, never, ctx)}`,
        ...(o.variable.name === name ? { repeat: true } : {}),
      })),
      notes,
      help,
      ...(fix === undefined ? {} : { fix }),
    }),
  );
}

/** How to set a name: an input or an option `set` for a plain name; the input or `from` that binds `x.field`. */
function howToSet(name: string): string {
  const dot = name.indexOf('.');
  if (dot < 0) return `set it before the branch: ask for it with an \`input\` node (\`var: ${name}\`), or set it in an option (\`set ${name} = "…"\`)`;
  const base = name.slice(0, dot);
  const kinds = MEDIA_KINDS.filter((k) => inputBindings(base, k).includes(name));
  const from = `a \`from … into ${base}\` on the way to the branch sets \`${base}.…\` from a data source's row`;
  return kinds.length === 0 ? from : `an \`input\` node with \`var: ${base}\` and \`expect: ${kinds.join('` or `expect: ')}\` sets \`${name}\`; ${from}`;
}

const MEDIA_KINDS = ['photo', 'document', 'location', 'contact'] as const;

/** The closest name the bot sets: a whole name (`age`, `photo.caption`), or for `x.field` a `from … into` name with the same field. */
function guessFor(name: string, settings: ReadonlyMap<string, Setting>, ctx: CheckContext): string | undefined {
  const whole = [...settings.keys()].filter((k) => !k.endsWith('.'));
  const guess = closestWithinBudget(ctx, name, whole);
  if (guess !== undefined || !name.includes('.')) return guess;
  const prefix = closestWithinBudget(ctx, keyOf(name), [...settings.keys()].filter((k) => k.endsWith('.')));
  return prefix === undefined ? undefined : `${prefix}${name.slice(name.indexOf('.') + 1)}`;
}

/** What an unset name does to its `when`: the whole condition's fixed value when it has one, else the test's. */
function consequence(use: Tested, never: (name: string) => boolean, ctx: CheckContext): string {
  const whole = truthOf(use.condition, never);
  if (whole !== undefined) return whole ? `this \`when\` always holds (${use.last ? '`else` is' : 'the `when`s after it and `else` are'} never taken)` : 'this `when` never holds';
  const source = ctx.sources.get(use.leaf.span.file) ?? '';
  const text = source.slice(use.leaf.span.offset, use.leaf.span.offset + use.leaf.span.length);
  return `\`${text}\` is always ${truthOf(use.leaf, never) === true ? 'true' : 'false'}`;
}

/** The value of a condition when the names nothing sets are empty text: `undefined` when it depends on the conversation. */
function truthOf(condition: Condition, never: (name: string) => boolean): boolean | undefined {
  switch (condition.kind) {
    case 'isSet':
      return never(condition.variable.name) ? false : undefined;
    case 'compare':
      return never(condition.variable.name) ? compareValues('', condition.op, condition.value.value) : undefined;
    case 'not': {
      const operand = truthOf(condition.operand, never);
      return operand === undefined ? undefined : !operand;
    }
    case 'and':
    case 'or': {
      const left = truthOf(condition.left, never);
      const right = truthOf(condition.right, never);
      const decisive = condition.kind === 'or';
      if (left === decisive || right === decisive) return decisive;
      return left === undefined || right === undefined ? undefined : !decisive;
    }
    default: {
      const unexpected: never = condition;
      throw new Error(`unexpected condition ${String(unexpected)}`);
    }
  }
}
