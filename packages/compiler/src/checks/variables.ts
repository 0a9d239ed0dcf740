import { diagnostic } from '@samvad/dsl';
import type { InputDecl, NodeDecl, Span, Text } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
import { inputBindings } from '../edges.js';
import { listed, MAX_LISTED } from '../listing.js';
import { everyText, placeholders, spanOfSubstring, textsOf } from '../texts.js';
import { closestWithinBudget } from './suggest.js';

interface Use {
  readonly node: NodeDecl;
  readonly name: string;
  readonly span: Span;
}

interface Setter {
  readonly node: NodeDecl;
  readonly target: string;
  readonly how: string;
}

/**
 * FLOW7001: a `{var}` is shown (or sent by a `call`, or put in a media or button address) only
 * where some path from `start` has set it. Variables are set by `input … var:` (on the way to
 * `then`; an input expecting a photo, document, location or contact also sets the sub-names it
 * binds: `x.id`, `x.latitude`, …), an option's `set`, a call's `receive` (on the way to its `then`)
 * and `from … into x` (fields `x.…`, on the way to its target). A `{x.field}` no setter binds,
 * where an input binds `x`, is reported with what that input binds. A variable may be set on a
 * path through the graph's own edges; global
 * commands (home, back) are ignored because they lead back to where the citizen has been.
 * A misspelt target (FLOW2001) is followed to the node its "did you mean" names; when a path from
 * a setter meets a target with no close match, that variable is not reported (the target may be
 * where it was meant to lead). Each variable is reported once, at its first unset use, with its
 * other unset uses as labels: one misspelt `var:` or `into` is one error.
 */
export function checkVariables(ctx: CheckContext): void {
  const uses = collectUses(ctx);
  if (uses.length === 0) return;
  const setters = collectSetters(ctx);
  const reachedWithName = new Map<string, Reached>();
  const unset = new Map<string, Use[]>();
  for (const use of uses) {
    let reached = reachedWithName.get(use.name);
    if (reached === undefined) {
      reached = reachableFrom(settersOf(use.name, setters).map((s) => s.target), ctx);
      reachedWithName.set(use.name, reached);
    }
    if (!reached.complete || reached.nodes.has(use.node.id.name)) continue;
    const key = keyOf(use.name);
    const list = unset.get(key);
    if (list === undefined) unset.set(key, [use]);
    else list.push(use);
  }
  if (unset.size === 0) return;
  // "Did you mean" compares plain names and `from` prefixes (`gr.`), as before sub-names existed.
  const known = [...setters.keys()].filter((k) => !k.includes('.') || k.endsWith('.'));
  for (const list of unset.values()) report(list, settersOf((list[0] as Use).name, setters), known, ctx);
}

/** The setters of a name: its own, and for `x.field` those of the prefix `x.` (a `from … into x`). */
function settersOf(name: string, setters: ReadonlyMap<string, readonly Setter[]>): readonly Setter[] {
  const own = setters.get(name) ?? [];
  const dot = name.indexOf('.');
  if (dot < 0) return own;
  const prefixed = setters.get(`${name.slice(0, dot)}.`);
  return prefixed === undefined ? own : [...own, ...prefixed];
}

/** The nodes a walk from some setters' targets reaches; `complete` is false when it met a target that names no node. */
interface Reached {
  readonly nodes: ReadonlySet<string>;
  readonly complete: boolean;
}

function keyOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? name : `${name.slice(0, dot)}.`;
}

function collectUses(ctx: CheckContext): Use[] {
  const uses: Use[] = [];
  for (const node of ctx.program.nodes.values()) {
    // Most nodes show no `{…}` at all: pass over them without building their text list.
    if (everyText(node, hasNoBrace, undefined) && !paramsHaveBrace(node)) continue;
    const seen = new Set<string>();
    for (const use of textsOf(node)) {
      const text = use.text;
      if (text.kind === 'neutral') addUses(text.value, text.span, use.scope, node, seen, uses, ctx);
      else for (const entry of text.entries) addUses(entry.value, entry.valueSpan, use.scope, node, seen, uses, ctx);
    }
    if (node.kind === 'menu' && node.from !== undefined) {
      for (const param of node.from.params) addUses(param.value.value, param.value.span, undefined, node, seen, uses, ctx);
    }
    if (node.kind === 'call') for (const send of node.send) addUses(send.value.value, send.value.span, undefined, node, seen, uses, ctx);
    if (node.kind === 'page') {
      for (const block of node.blocks) {
        if (block.kind === 'button' || block.kind === 'media') addUses(block.url.value, block.url.span, undefined, node, seen, uses, ctx);
      }
    }
  }
  return uses;
}

function hasNoBrace(text: Text): boolean {
  if (text.kind === 'neutral') return !text.value.includes('{');
  for (const entry of text.entries) if (entry.value.includes('{')) return false;
  return true;
}

/** True when a node has a template outside its texts with a `{`: `from` parameters, a call's `send`, a media or button address. */
function paramsHaveBrace(node: NodeDecl): boolean {
  switch (node.kind) {
    case 'menu':
      if (node.from === undefined) return false;
      for (const param of node.from.params) if (param.value.value.includes('{')) return true;
      return false;
    case 'call':
      for (const send of node.send) if (send.value.value.includes('{')) return true;
      return false;
    case 'page':
      for (const block of node.blocks) if ((block.kind === 'button' || block.kind === 'media') && block.url.value.includes('{')) return true;
      return false;
    case 'input':
    case 'branch':
    case 'goto':
    case 'end':
      return false;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function addUses(value: string, span: Span, scope: string | undefined, node: NodeDecl, seen: Set<string>, uses: Use[], ctx: CheckContext): void {
  if (!value.includes('{')) return;
  for (const { name } of placeholders(value)) {
    if (scope !== undefined && name.startsWith(`${scope}.`)) continue;
    if (seen.has(name)) continue;
    seen.add(name);
    uses.push({ node, name, span: spanOfSubstring(ctx.sources.get(span.file), span, `{${name}}`) });
  }
}

function collectSetters(ctx: CheckContext): Map<string, Setter[]> {
  const setters = new Map<string, Setter[]>();
  const add = (key: string, setter: Setter) => {
    const list = setters.get(key);
    if (list === undefined) setters.set(key, [setter]);
    else list.push(setter);
  };
  for (const node of ctx.program.nodes.values()) {
    if (node.kind === 'input' && node.variable !== undefined && node.then !== undefined) {
      for (const name of inputBindings(node.variable.name, node.expect?.kind)) add(name, { node, target: node.then.name, how: `input \`${node.id.name}\`` });
    }
    if (node.kind === 'call' && node.then !== undefined) {
      for (const r of node.receive) add(r.variable.name, { node, target: node.then.name, how: `call \`${node.id.name}\`` });
    }
    if (node.kind !== 'menu') continue;
    for (const option of node.options) {
      for (const set of option.sets) {
        add(set.variable.name, { node, target: option.target.name, how: `option \`${option.id.name}\` of \`${node.id.name}\`` });
      }
    }
    if (node.from !== undefined) {
      add(`${node.from.into.name}.`, { node, target: node.from.target.name, how: `\`from ${node.from.source.name}\` in \`${node.id.name}\`` });
    }
  }
  return setters;
}

function reachableFrom(starts: readonly string[], ctx: CheckContext): Reached {
  const seen = new Set<string>();
  let complete = true;
  const queue: string[] = [];
  const visit = (name: string) => {
    const id = ctx.follow(name);
    if (id === undefined) complete = false;
    else if (!seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  };
  for (const s of starts) visit(s);
  for (let head = 0; head < queue.length; head += 1) {
    const node = ctx.program.nodes.get(queue[head] as string);
    if (node === undefined) continue;
    for (const edge of ctx.edges(node)) visit(edge.target.name);
  }
  return { nodes: seen, complete };
}

function report(uses: readonly Use[], setters: readonly Setter[], known: readonly string[], ctx: CheckContext): void {
  const use = uses[0] as Use;
  const where = `\`${use.node.id.name}\``;
  const others = uses.slice(1);
  const shown = others.slice(0, MAX_LISTED);
  const notes =
    setters.length === 0
      ? [`nothing in the bot sets \`${use.name}\``]
      : [
          `\`${use.name}\` is set by ${listed(setters.slice(0, MAX_LISTED).map((s) => `${s.how} (${ctx.locator.describe(s.node.id.span)})`), setters.length)}, but none of them leads to ${where}`,
        ];
  if (others.length > shown.length) notes.push(`${(others.length - shown.length).toLocaleString('en-US')} more uses are not marked`);
  const help =
    setters.length === 0
      ? helpWhenNothingSets(use.name, where, known, ctx)
      : afterFallback(use.node.id.name, setters, ctx)
        ? `a call's \`receive:\` sets its variables only on the way to its \`then\`, not to its \`fallback\``
        : undefined;
  const elsewhere = new Set(others.map((o) => o.node.id.name));
  elsewhere.delete(use.node.id.name);
  ctx.report(
    diagnostic({
      code: 'FLOW7001',
      severity: 'error',
      message: `\`{${use.name}}\` is never set on any path to ${where}${elsewhere.size === 0 ? '' : ` (nor to ${listed([...elsewhere].slice(0, MAX_LISTED).map((n) => `\`${n}\``), elsewhere.size)})`}`,
      span: use.span,
      primaryLabel: 'a citizen would see this empty',
      labels: shown.map((o) => ({ span: o.span, message: `\`{${o.name}}\` is not set here either`, ...(o.name === use.name ? { repeat: true } : {}) })),
      notes,
      ...(help === undefined ? {} : { help }),
    }),
  );
}

/**
 * How to set a variable nothing sets: what an input into its base binds (`{photo.latitude}`), a
 * call whose endpoint answers it, a close name ("did you mean"), or how variables are set.
 */
function helpWhenNothingSets(name: string, where: string, known: readonly string[], ctx: CheckContext): string {
  const binding = helpFromBindings(name, ctx, true);
  if (binding !== undefined) return binding;
  const guess = closestWithinBudget(ctx, keyOf(name), known);
  if (guess !== undefined) return `did you mean \`{${guess.endsWith('.') ? `${guess}${name.slice(name.indexOf('.') + 1)}` : guess}}\`?`;
  if (name.includes('.')) return `\`{${name}}\` needs a \`from … into ${name.slice(0, name.indexOf('.'))}\` clause on the way to ${where}`;
  return `ask for it on the way to ${where} with an \`input\` node (\`var: ${name}\`), or set it in an option (\`set ${name} = "…"\`)`;
}

/**
 * Help for a name nothing sets that the bot nearly sets: for `x.field`, what the inputs into `x`
 * bind (with `{…}` around names when `braces`); for a plain name, the call whose endpoint answers it.
 */
export function helpFromBindings(name: string, ctx: CheckContext, braces: boolean): string | undefined {
  const binders = inputsBinding(name, ctx);
  if (binders.length > 0) return bindingHelp(name, binders, braces);
  const answering = callAnswering(name, ctx);
  if (answering === undefined) return undefined;
  return `endpoint \`${answering.endpoint}\` answers \`${name}\`: receive it in call \`${answering.call}\`, under \`receive:\`:\n    ${name} -> ${name}`;
}

/** For `{x.field}`: the inputs into `x` that bind sub-names, none of which is `field`. */
function inputsBinding(name: string, ctx: CheckContext): InputDecl[] {
  const dot = name.indexOf('.');
  if (dot < 0) return [];
  const base = name.slice(0, dot);
  const found: InputDecl[] = [];
  for (const node of ctx.program.nodes.values()) {
    if (node.kind === 'input' && node.variable?.name === base && inputBindings(base, node.expect?.kind).length > 1) found.push(node);
  }
  return found;
}

/** What the inputs into `x` bind, and which `expect:` would bind the field asked for. */
function bindingHelp(name: string, inputs: readonly InputDecl[], braces: boolean): string {
  const input = inputs[0] as InputDecl;
  const base = name.slice(0, name.indexOf('.'));
  const field = name.slice(name.indexOf('.') + 1);
  const bound = inputBindings(base, input.expect?.kind).map((n) => (braces ? `\`{${n}}\`` : `\`${n}\``));
  const kinds = (['photo', 'document', 'location', 'contact'] as const).filter((k) => inputBindings(base, k).includes(name));
  const other = kinds.length === 0 ? '' : `; \`${field}\` comes with \`expect: ${kinds.join('` or `expect: ')}\``;
  return `input \`${input.id.name}\` (\`expect: ${input.expect?.kind ?? 'any'}\`) binds ${bound.join(', ')}${other}`;
}

/** For a plain `{name}` nothing sets: the first call whose endpoint answers a field of that name. */
function callAnswering(name: string, ctx: CheckContext): { readonly call: string; readonly endpoint: string } | undefined {
  if (name.includes('.')) return undefined;
  for (const node of ctx.program.nodes.values()) {
    if (node.kind !== 'call' || node.endpoint === undefined) continue;
    const endpoint = ctx.program.endpoints.get(node.endpoint.name);
    if (endpoint?.answers.some((a) => a.name === name)) return { call: node.id.name, endpoint: endpoint.id.name };
  }
  return undefined;
}

/** True when `node` is reached from the `fallback` of a call among `setters` (where its `receive` did not happen). */
function afterFallback(node: string, setters: readonly Setter[], ctx: CheckContext): boolean {
  const fallbacks: string[] = [];
  for (const setter of setters) if (setter.node.kind === 'call' && setter.node.fallback !== undefined) fallbacks.push(setter.node.fallback.name);
  return fallbacks.length > 0 && reachableFrom(fallbacks, ctx).nodes.has(node);
}
