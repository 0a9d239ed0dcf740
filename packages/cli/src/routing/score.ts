/**
 * Scoring a routing set: each citizen message is played against a graph (as a first message, or
 * typed at a given node) and its outcome compared with where it must lead. Pure: the command reads
 * the files, this computes; the same function backs `samvad routing` and the suite's test.
 */
import { step } from '@samvad/runtime';
import type { Graph, Session, StepResult } from '@samvad/runtime';

/** One line of a routing set. */
export interface RoutingCase {
  readonly line: number;
  readonly message: string;
  /** A node id, `<menu>.<option>`, `ask`, `home` or `stay`. */
  readonly expect: string;
  /** `first`, or the node the citizen is at. */
  readonly at: string;
  readonly lang: string;
}

/**
 * How a case came out: right, a wrong route, or neither — a question, a hint, or the menu that
 * lists the expected service (the citizen is one choice away, as after a question).
 */
export type Verdict = 'right' | 'wrong' | 'missed';

/** A played case. */
export interface RoutingResult {
  readonly case: RoutingCase;
  readonly verdict: Verdict;
  /** What the bot did, e.g. `rev_income`, `ask`, `home`, `stay`. */
  readonly got: string;
}

/** Accuracy of one class of cases. */
export interface ClassScore {
  readonly name: string;
  readonly total: number;
  readonly right: number;
  readonly wrong: number;
}

/** The whole score. */
export interface RoutingScore {
  readonly results: readonly RoutingResult[];
  readonly overall: ClassScore;
  readonly classes: readonly ClassScore[];
}

/** Problems reading a routing set, by line. */
export interface RoutingParse {
  readonly cases: readonly RoutingCase[];
  readonly problems: readonly string[];
}

/** Reads a routing set (tab-separated: message, expect, at, lang; `#` comments; a header line). */
export function parseRoutingSet(text: string, graph: Graph): RoutingParse {
  const cases: RoutingCase[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('message\t')) return;
    const [message, expect, at, lang] = raw.split('\t');
    if (message === undefined || expect === undefined || at === undefined || lang === undefined || message.trim() === '') {
      problems.push(`line ${line}: expected 4 tab-separated columns (message, expect, at, lang)`);
      return;
    }
    if (!['ask', 'home', 'stay'].includes(expect) && !Object.hasOwn(graph.nodes, nodeOf(expect))) {
      problems.push(`line ${line}: expected node \`${expect}\` is not in the graph`);
      return;
    }
    if (at !== 'first' && !Object.hasOwn(graph.nodes, at)) {
      problems.push(`line ${line}: node \`${at}\` (column "at") is not in the graph`);
      return;
    }
    cases.push({ line, message, expect, at, lang });
  });
  return { cases, problems };
}

/** The node an `expect` names: `menu` of `menu.option`, else the whole of it. */
function nodeOf(expect: string): string {
  const dot = expect.indexOf('.');
  return dot < 0 ? expect : expect.slice(0, dot);
}

const T0 = 1_000_000;

/** The session of a citizen who is at `node` (greeted, then moved there). */
function sessionAt(graph: Graph, node: string): Session {
  const greeted = step(graph, undefined, { kind: 'reply', id: '~home' }, { now: T0 });
  return { ...greeted.session, node, history: node === graph.start ? [] : [graph.start] };
}

/** What the bot did with the message, in the routing set's terms. */
function outcome(graph: Graph, result: StepResult, at: string, expect: string): string {
  const { event } = result;
  if (event.outcome === 'asked') return 'ask';
  if (at === 'first' && event.matchedBy === 'none' && event.node === graph.start) return 'home';
  if (event.outcome === 'invalid' || event.outcome === 'too_many_retries') return 'stay';
  if (at !== 'first' && event.node === at && event.matchedBy === 'none') return 'stay';
  if (expect.includes('.') && event.chosen !== undefined) return event.chosen;
  return event.node;
}

/** True when `menu` is a menu on the way to the expected node (its ancestor by `parent` links). */
function above(graph: Graph, menu: string, expect: string): boolean {
  if (graph.nodes[menu]?.kind !== 'menu') return false;
  const seen = new Set<string>();
  let current = graph.nodes[nodeOf(expect)]?.parent;
  while (current !== undefined && !seen.has(current)) {
    if (current === menu) return true;
    seen.add(current);
    current = graph.nodes[current]?.parent;
  }
  return false;
}

/** Plays one case. */
export function playCase(graph: Graph, c: RoutingCase): RoutingResult {
  const session = c.at === 'first' ? undefined : sessionAt(graph, c.at);
  const result = step(graph, session, { kind: 'text', text: c.message }, { now: T0 + 1_000 });
  const got = outcome(graph, result, c.at, c.expect);
  let verdict: Verdict;
  if (got === c.expect) verdict = 'right';
  else if (got === 'ask' || got === 'home' || got === 'stay' || above(graph, got, c.expect)) verdict = 'missed';
  else verdict = 'wrong';
  return { case: c, verdict, got };
}

/** The script of a message: Devanagari, Latin, or both. */
export function scriptOf(message: string): string {
  const deva = /[\u0900-\u097f]/.test(message);
  const latin = /[a-z]/i.test(message);
  return deva && latin ? 'mixed' : deva ? 'devanagari' : 'latin';
}

/** Plays every case and scores overall, per script, per language and per position (first or mid-conversation). */
export function scoreRouting(graph: Graph, cases: readonly RoutingCase[]): RoutingScore {
  const results = cases.map((c) => playCase(graph, c));
  const classes = new Map<string, { total: number; right: number; wrong: number }>();
  const count = (name: string, r: RoutingResult) => {
    const k = classes.get(name) ?? { total: 0, right: 0, wrong: 0 };
    k.total += 1;
    if (r.verdict === 'right') k.right += 1;
    if (r.verdict === 'wrong') k.wrong += 1;
    classes.set(name, k);
  };
  for (const r of results) {
    count(`script: ${scriptOf(r.case.message)}`, r);
    count(`language: ${r.case.lang}`, r);
    count(`position: ${r.case.at === 'first' ? 'first message' : 'mid-conversation'}`, r);
  }
  const overall = {
    name: 'overall',
    total: results.length,
    right: results.filter((r) => r.verdict === 'right').length,
    wrong: results.filter((r) => r.verdict === 'wrong').length,
  };
  const list = [...classes].map(([name, k]) => ({ name, ...k })).sort((a, b) => a.name.localeCompare(b.name));
  return { results, overall, classes: list };
}

/** A share as a percentage with one decimal. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}
