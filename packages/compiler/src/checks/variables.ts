import { diagnostic } from '@samvad/dsl';
import type { NodeDecl, Span, Text } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';
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
 * FLOW7001: a `{var}` is shown only where some path from `start` has set it. Variables are set
 * by `input … var:` (on the way to `then`), an option's `set` and `from … into x` (fields `x.…`,
 * on the way to its target). A variable may be set on a path through the graph's own edges; global
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
  const reachedWithKey = new Map<string, Reached>();
  const unset = new Map<string, Use[]>();
  for (const use of uses) {
    const key = keyOf(use.name);
    let reached = reachedWithKey.get(key);
    if (reached === undefined) {
      reached = reachableFrom((setters.get(key) ?? []).map((s) => s.target), ctx);
      reachedWithKey.set(key, reached);
    }
    if (!reached.complete || reached.nodes.has(use.node.id.name)) continue;
    const list = unset.get(key);
    if (list === undefined) unset.set(key, [use]);
    else list.push(use);
  }
  for (const [key, list] of unset) report(list, setters.get(key) ?? [], [...setters.keys()], ctx);
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
  }
  return uses;
}

function hasNoBrace(text: Text): boolean {
  if (text.kind === 'neutral') return !text.value.includes('{');
  for (const entry of text.entries) if (entry.value.includes('{')) return false;
  return true;
}

function paramsHaveBrace(node: NodeDecl): boolean {
  if (node.kind !== 'menu' || node.from === undefined) return false;
  for (const param of node.from.params) if (param.value.value.includes('{')) return true;
  return false;
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
      add(node.variable.name, { node, target: node.then.name, how: `input \`${node.id.name}\`` });
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
  const guess = setters.length === 0 ? closestWithinBudget(ctx, keyOf(use.name), known) : undefined;
  const help =
    guess !== undefined
      ? `did you mean \`{${guess.endsWith('.') ? `${guess}${use.name.slice(use.name.indexOf('.') + 1)}` : guess}}\`?`
      : use.name.includes('.')
        ? `\`{${use.name}}\` needs a \`from … into ${use.name.slice(0, use.name.indexOf('.'))}\` clause on the way to ${where}`
        : `ask for it on the way to ${where} with an \`input\` node (\`var: ${use.name}\`), or set it in an option (\`set ${use.name} = "…"\`)`;
  const elsewhere = new Set(others.map((o) => o.node.id.name));
  elsewhere.delete(use.node.id.name);
  ctx.report(
    diagnostic({
      code: 'FLOW7001',
      severity: 'error',
      message: `\`{${use.name}}\` is never set on any path to ${where}${elsewhere.size === 0 ? '' : ` (nor to ${listed([...elsewhere].slice(0, MAX_LISTED).map((n) => `\`${n}\``), elsewhere.size)})`}`,
      span: use.span,
      primaryLabel: 'a citizen would see this empty',
      labels: shown.map((o) => ({ span: o.span, message: `\`{${o.name}}\` is not set here either` })),
      notes,
      help,
    }),
  );
}
