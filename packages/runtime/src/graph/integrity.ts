/**
 * Integrity of a graph that already matches the schema: every name that points at something
 * points at something that exists. The schema checks shapes; this walk checks references, which a
 * JSON Schema cannot express. It reads only the fields it knows, so extra fields (a word index,
 * future additions) are left to the schema.
 */
import { MESSAGE_KEYS } from './types.js';
import type { Graph, GraphBlock, GraphEndpoint, GraphNode, GraphOption, LocalizedText } from './types.js';

/** One broken reference or missing text: a JSON pointer into the graph and what is wrong there. */
export interface IntegrityProblem {
  /** e.g. `/nodes/home/options/2/target` */
  readonly pointer: string;
  /** e.g. `no node "nowhere"` */
  readonly problem: string;
}

/**
 * Every broken reference of `graph`, in document order: `start`, every option / row target,
 * data-source fallback, page `then`, input `onFail` / `next`, branch case and `otherwise`, call
 * `next` / `fallback`, and `parent` name an existing node; a call names a declared endpoint, sends
 * exactly its fields and reads only fields it answers; an option's language is declared; option ids and numbers
 * (which reply ids and typed numbers select) are unique in their menu; language codes are unique;
 * every text has every declared language.
 */
export function checkIntegrity(graph: Graph): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const walk: Walk = { nodes: graph.nodes, endpoints: graph.endpoints, languages: graph.languages.map((l) => l.code), problems };
  const seenLanguages = new Set<string>();
  graph.languages.forEach((language, i) => {
    if (seenLanguages.has(language.code)) report(walk, `language ${JSON.stringify(language.code)} is declared twice`, 'languages', i, 'code');
    seenLanguages.add(language.code);
  });
  if (!Object.hasOwn(graph.nodes, graph.start)) report(walk, `no node ${JSON.stringify(graph.start)}`, 'start');
  for (const key of MESSAGE_KEYS) text(walk, graph.messages[key], 'messages', key);
  for (const id in graph.nodes) {
    if (!Object.hasOwn(graph.nodes, id)) continue;
    const node = graph.nodes[id] as GraphNode;
    if (node.parent !== undefined) target(walk, node.parent, id, 'parent');
    checkNode(walk, id, node);
  }
  return problems;
}

/** What the walk reads and where it reports. Pointers are built only for a problem: a valid graph allocates none. */
interface Walk {
  readonly nodes: Graph['nodes'];
  readonly endpoints: Graph['endpoints'];
  readonly languages: readonly string[];
  readonly problems: IntegrityProblem[];
}

/** A JSON pointer's segments, passed one by one (up to six) so that checking a valid graph allocates nothing. */
type Segment = string | number | undefined;

function report(walk: Walk, problem: string, ...path: Segment[]): void {
  const segments = path.filter((p) => p !== undefined).map((p) => escapePointer(String(p)));
  walk.problems.push({ pointer: `/${segments.join('/')}`, problem });
}

/** `ref` must name a node; the pointer is `/nodes/<node>/<a>/<b>/<c>`. */
function target(walk: Walk, ref: string, node: string, a: Segment, b?: Segment, c?: Segment): void {
  if (!Object.hasOwn(walk.nodes, ref)) report(walk, `no node ${JSON.stringify(ref)}`, 'nodes', node, a, b, c);
}

/** `value` (when present) must have a text for every declared language. */
function text(walk: Walk, value: LocalizedText | undefined, a: Segment, b?: Segment, c?: Segment, d?: Segment, e?: Segment, f?: Segment): void {
  if (value === undefined) return;
  for (const code of walk.languages) {
    if (typeof value[code] !== 'string') report(walk, `no ${JSON.stringify(code)} text (every declared language needs one)`, a, b, c, d, e, f);
  }
}

function checkNode(walk: Walk, id: string, node: GraphNode): void {
  switch (node.kind) {
    case 'menu': {
      text(walk, node.text, 'nodes', id, 'text');
      const options = node.options;
      // Menus are short: comparing with the earlier options allocates nothing; a long one uses sets.
      const ids = options.length > 16 ? new Set<string>() : undefined;
      const numbers = options.length > 16 ? new Set<number>() : undefined;
      for (let i = 0; i < options.length; i++) {
        const option = options[i] as GraphOption;
        let sameId = ids?.has(option.id) ?? false;
        let sameNumber = numbers?.has(option.number) ?? false;
        ids?.add(option.id);
        numbers?.add(option.number);
        for (let j = 0; ids === undefined && j < i; j++) {
          const other = options[j] as GraphOption;
          sameId ||= other.id === option.id;
          sameNumber ||= other.number === option.number;
        }
        if (sameId) report(walk, `option id ${JSON.stringify(option.id)} is used twice in this menu (reply ids must be unique)`, 'nodes', id, 'options', i, 'id');
        if (sameNumber) report(walk, `option number ${option.number} is used twice in this menu`, 'nodes', id, 'options', i, 'number');
        text(walk, option.label, 'nodes', id, 'options', i, 'label');
        text(walk, option.description, 'nodes', id, 'options', i, 'description');
        target(walk, option.target, id, 'options', i, 'target');
        if (option.language !== undefined && !walk.languages.includes(option.language)) {
          report(walk, `language ${JSON.stringify(option.language)} is not declared`, 'nodes', id, 'options', i, 'language');
        }
      }
      const dynamic = node.dynamic;
      if (dynamic !== undefined) {
        text(walk, dynamic.title, 'nodes', id, 'dynamic', 'title');
        text(walk, dynamic.description, 'nodes', id, 'dynamic', 'description');
        target(walk, dynamic.target, id, 'dynamic', 'target');
        target(walk, dynamic.fallback, id, 'dynamic', 'fallback');
      }
      return;
    }
    case 'page': {
      node.blocks.forEach((block, i) => checkBlock(walk, block, id, i));
      if (node.then.kind === 'next') target(walk, node.then.target, id, 'then', 'target');
      return;
    }
    case 'input':
      text(walk, node.text, 'nodes', id, 'text');
      text(walk, node.retry, 'nodes', id, 'retry');
      target(walk, node.onFail, id, 'onFail');
      target(walk, node.next, id, 'next');
      return;
    case 'branch':
      node.cases.forEach((c, i) => target(walk, c.target, id, 'cases', i, 'target'));
      target(walk, node.otherwise, id, 'otherwise');
      return;
    case 'end':
      text(walk, node.text, 'nodes', id, 'text');
      return;
    case 'call':
      checkCall(walk, id, node);
      return;
    default:
      return unreachable(node);
  }
}

function checkBlock(walk: Walk, block: GraphBlock, id: string, i: number): void {
  switch (block.kind) {
    case 'text':
    case 'fee':
    case 'time':
      return text(walk, block.text, 'nodes', id, 'blocks', i, 'text');
    case 'bullets':
      return block.items.forEach((item, j) => text(walk, item, 'nodes', id, 'blocks', i, 'items', j));
    case 'link':
    case 'button':
      return text(walk, block.label, 'nodes', id, 'blocks', i, 'label');
    case 'media':
      return text(walk, block.caption, 'nodes', id, 'blocks', i, 'caption');
    default:
      return unreachable(block);
  }
}

/** A call names a declared endpoint, sends each of its fields (and no other) and leads to nodes. */
function checkCall(walk: Walk, id: string, node: Extract<GraphNode, { kind: 'call' }>): void {
  const endpoint: GraphEndpoint | undefined = Object.hasOwn(walk.endpoints, node.endpoint) ? walk.endpoints[node.endpoint] : undefined;
  if (endpoint === undefined) {
    report(walk, `no endpoint ${JSON.stringify(node.endpoint)}`, 'nodes', id, 'endpoint');
  } else {
    for (const field of endpoint.sends) {
      if (!Object.hasOwn(node.send, field)) report(walk, `endpoint ${JSON.stringify(node.endpoint)} takes field ${JSON.stringify(field)}, which is not sent`, 'nodes', id, 'send');
    }
    for (const field in node.send) {
      if (Object.hasOwn(node.send, field) && !endpoint.sends.includes(field)) {
        report(walk, `endpoint ${JSON.stringify(node.endpoint)} takes no field ${JSON.stringify(field)}`, 'nodes', id, 'send', field);
      }
    }
    for (const variable in node.receive) {
      if (!Object.hasOwn(node.receive, variable)) continue;
      const path = node.receive[variable] as string;
      const first = path.split('.')[0] as string;
      if (!endpoint.answers.includes(first)) {
        report(walk, `endpoint ${JSON.stringify(node.endpoint)} answers no field ${JSON.stringify(first)}`, 'nodes', id, 'receive', variable);
      }
    }
  }
  target(walk, node.next, id, 'next');
  target(walk, node.fallback, id, 'fallback');
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unreachable(value: never): never {
  throw new Error(`unexpected graph element: ${JSON.stringify(value)}`);
}
