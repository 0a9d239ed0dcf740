import type { Ident, InputDecl, NodeDecl } from '@samvad/dsl';

/** How one node leads to another. */
export type EdgeKind = 'option' | 'dynamic' | 'fallback' | 'next' | 'valid' | 'fail' | 'case' | 'else' | 'goto' | 'called';

/** A written `-> target` of a node, with the variables that are set when it is taken. */
export interface Edge {
  readonly kind: EdgeKind;
  readonly target: Ident;
  /**
   * Variables set on the way (`set x = …`, `var: x`, a call's `receive … -> x`); a data-source
   * prefix is written `gr.`; an input expecting a photo, document, location or contact sets its
   * variable and the sub-names it binds (`place`, `place.latitude`, …: `inputBindings`).
   */
  readonly sets: readonly string[];
  /** True when the edge is taken without the citizen answering (branch, goto, a source's fallback, a call's outcomes). */
  readonly automatic: boolean;
}

/** The variables of an edge that sets none (shared: edges are never changed). */
const NO_SETS: readonly string[] = Object.freeze([]);

/**
 * The edges a node declares, in source order. `then back` / `then home` and global commands
 * are not edges: they return to places the citizen has already been.
 */
export function edgesOf(node: NodeDecl): readonly Edge[] {
  switch (node.kind) {
    case 'menu': {
      const edges: Edge[] = node.options.map((o) => ({
        kind: 'option',
        target: o.target,
        sets: o.sets.length === 0 ? NO_SETS : o.sets.map((s) => s.variable.name),
        automatic: false,
      }));
      if (node.from !== undefined) {
        edges.push({ kind: 'dynamic', target: node.from.target, sets: [`${node.from.into.name}.`], automatic: false });
        if (node.from.fallback !== undefined) {
          edges.push({ kind: 'fallback', target: node.from.fallback, sets: [], automatic: true });
        }
      }
      return edges;
    }
    case 'page':
      return node.then?.kind === 'next' ? [{ kind: 'next', target: node.then.target, sets: [], automatic: false }] : [];
    case 'input': {
      const edges: Edge[] = [];
      if (node.then !== undefined) {
        const sets = node.variable === undefined ? [] : inputBindings(node.variable.name, node.expect?.kind);
        edges.push({ kind: 'valid', target: node.then, sets, automatic: false });
      }
      if (node.retries !== undefined) edges.push({ kind: 'fail', target: node.retries.target, sets: [], automatic: false });
      return edges;
    }
    case 'branch': {
      const edges: Edge[] = node.cases.map((c) => ({ kind: 'case', target: c.target, sets: [], automatic: true }));
      if (node.otherwise !== undefined) edges.push({ kind: 'else', target: node.otherwise, sets: [], automatic: true });
      return edges;
    }
    case 'goto':
      return node.target === undefined ? [] : [{ kind: 'goto', target: node.target, sets: [], automatic: true }];
    case 'end':
      return [];
    case 'call': {
      // Both outcomes follow the endpoint's answer, not the citizen: a loop through calls alone would submit forever.
      const edges: Edge[] = [];
      if (node.then !== undefined) edges.push({ kind: 'called', target: node.then, sets: node.receive.map((r) => r.variable.name), automatic: true });
      if (node.fallback !== undefined) edges.push({ kind: 'fallback', target: node.fallback, sets: NO_SETS, automatic: true });
      return edges;
    }
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

/** What an input's `expect:` can be (`undefined`: no `expect:`, any text). */
export type ExpectKind = NonNullable<InputDecl['expect']>['kind'];

/** The sub-names an answer of each kind binds beside the variable itself (contract of the engine). */
const SUB_NAMES: Readonly<Record<'photo' | 'document' | 'location' | 'contact', readonly string[]>> = {
  photo: ['id', 'mime', 'caption', 'path'],
  document: ['id', 'mime', 'caption', 'filename', 'path'],
  location: ['latitude', 'longitude', 'name', 'address'],
  contact: ['name', 'phone'],
};

/**
 * The names an input's answer binds: the variable itself and, for a photo, document, location or
 * contact, its sub-names (`x.id`, `x.latitude`, …). `x.path` is set by a host that downloads the
 * file (serve with a media folder); the compiler counts it as bound.
 */
export function inputBindings(variable: string, expect: ExpectKind | undefined): readonly string[] {
  switch (expect) {
    case undefined:
    case 'number':
    case 'digits':
    case 'pattern':
    case 'oneOf':
    case 'any':
      return [variable];
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      return [variable, ...SUB_NAMES[expect].map((s) => `${variable}.${s}`)];
    default: {
      const never: never = expect;
      throw new Error(`unexpected expectation ${String(never)}`);
    }
  }
}
