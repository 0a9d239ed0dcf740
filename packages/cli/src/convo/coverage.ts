/**
 * Coverage of a flow by its conversation tests: which nodes were visited, which menu options were
 * chosen and which languages were spoken, against what the graph declares. Pure.
 */
import type { Graph } from '@samvad/runtime';

/** What running some cases touched. */
export interface Touched {
  readonly nodes: ReadonlySet<string>;
  /** `menu.option` keys. */
  readonly options: ReadonlySet<string>;
  readonly languages: ReadonlySet<string>;
}

/** A mutable collector for `Touched`. */
export interface TouchedCollector extends Touched {
  readonly nodes: Set<string>;
  readonly options: Set<string>;
  readonly languages: Set<string>;
}

/** An empty collector. */
export function collector(): TouchedCollector {
  return { nodes: new Set(), options: new Set(), languages: new Set() };
}

/** Adds everything `from` touched into `into`. */
export function mergeTouched(into: TouchedCollector, from: Touched): void {
  for (const node of from.nodes) into.nodes.add(node);
  for (const option of from.options) into.options.add(option);
  for (const language of from.languages) into.languages.add(language);
}

/** One dimension of coverage. */
export interface Measure {
  readonly covered: number;
  readonly total: number;
  /** What was not covered, sorted. */
  readonly missed: readonly string[];
}

/** A flow's coverage in its three dimensions. */
export interface FlowCoverage {
  /** The flow as shown to the user. */
  readonly flow: string;
  readonly nodes: Measure;
  readonly options: Measure;
  readonly languages: Measure;
}

function measure(declared: readonly string[], touched: ReadonlySet<string>): Measure {
  const missed = declared.filter((item) => !touched.has(item)).sort();
  return { covered: declared.length - missed.length, total: declared.length, missed };
}

/** Every `menu.option` key a graph declares (static options; rows from data sources are not counted). */
export function declaredOptions(graph: Graph): string[] {
  const keys: string[] = [];
  for (const [id, node] of Object.entries(graph.nodes)) {
    if (node.kind === 'menu') for (const option of node.options) keys.push(`${id}.${option.id}`);
  }
  return keys;
}

/** Coverage of `graph` by what the tests touched. */
export function coverageOf(flow: string, graph: Graph, touched: Touched): FlowCoverage {
  return {
    flow,
    nodes: measure(Object.keys(graph.nodes), touched.nodes),
    options: measure(declaredOptions(graph), touched.options),
    languages: measure(
      graph.languages.map((language) => language.code),
      touched.languages,
    ),
  };
}

/** A measure as a percentage (100 when there is nothing to cover). */
export function percent(m: Measure): number {
  return m.total === 0 ? 100 : (100 * m.covered) / m.total;
}

/** The names of the measures of `coverage` that fall below `min` percent. */
export function belowMinimum(coverage: FlowCoverage, min: number): string[] {
  const measures = { nodes: coverage.nodes, options: coverage.options, languages: coverage.languages };
  return Object.entries(measures)
    .filter(([, m]) => percent(m) < min)
    .map(([name]) => name);
}
