/**
 * Integrity of a graph that already matches the schema: every name that points at something
 * points at something that exists. The schema checks shapes; this walk checks references, which a
 * JSON Schema cannot express. It reads only the fields it knows, so extra fields (a word index,
 * future additions) are left to the schema.
 */
import { MESSAGE_KEYS } from './types.js';
import type { Graph, GraphNode, LocalizedText } from './types.js';

/** One broken reference or missing text: a JSON pointer into the graph and what is wrong there. */
export interface IntegrityProblem {
  /** e.g. `/nodes/home/options/2/target` */
  readonly pointer: string;
  /** e.g. `no node "nowhere"` */
  readonly problem: string;
}

/**
 * Every broken reference of `graph`, in document order: `start`, every option / row target,
 * data-source fallback, page `then`, input `onFail` / `next`, branch case and `otherwise`, and
 * `parent` name an existing node; an option's language is declared; option ids and numbers (which reply ids and typed numbers select) are unique in their
 * menu; language codes are unique; every text has every declared language.
 */
export function checkIntegrity(graph: Graph): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const report = (pointer: string, problem: string): void => void problems.push({ pointer, problem });
  const nodes = graph.nodes;
  const isNode = (id: string): boolean => Object.hasOwn(nodes, id);
  const languages = graph.languages.map((l) => l.code);
  const target = (pointer: string, id: string): void => {
    if (!isNode(id)) report(pointer, `no node ${JSON.stringify(id)}`);
  };
  const text = (pointer: string, value: LocalizedText | undefined): void => {
    if (value === undefined) return;
    for (const code of languages) {
      if (typeof value[code] !== 'string') report(pointer, `no ${JSON.stringify(code)} text (every declared language needs one)`);
    }
  };

  const seenLanguages = new Set<string>();
  graph.languages.forEach((language, i) => {
    if (seenLanguages.has(language.code)) report(`/languages/${i}/code`, `language ${JSON.stringify(language.code)} is declared twice`);
    seenLanguages.add(language.code);
  });
  target('/start', graph.start);
  for (const key of MESSAGE_KEYS) text(`/messages/${key}`, graph.messages[key]);
  for (const [id, node] of Object.entries(nodes)) {
    const at = `/nodes/${escapePointer(id)}`;
    if (node.parent !== undefined) target(`${at}/parent`, node.parent);
    checkNode(node, at, { target, text, report, languages });
  }
  return problems;
}

interface Walk {
  readonly target: (pointer: string, id: string) => void;
  readonly text: (pointer: string, value: LocalizedText | undefined) => void;
  readonly report: (pointer: string, problem: string) => void;
  readonly languages: readonly string[];
}

function checkNode(node: GraphNode, at: string, walk: Walk): void {
  const { target, text, report } = walk;
  switch (node.kind) {
    case 'menu': {
      text(`${at}/text`, node.text);
      const ids = new Set<string>();
      const numbers = new Set<number>();
      node.options.forEach((option, i) => {
        const o = `${at}/options/${i}`;
        if (ids.has(option.id)) report(`${o}/id`, `option id ${JSON.stringify(option.id)} is used twice in this menu (reply ids must be unique)`);
        ids.add(option.id);
        if (numbers.has(option.number)) report(`${o}/number`, `option number ${option.number} is used twice in this menu`);
        numbers.add(option.number);
        text(`${o}/label`, option.label);
        text(`${o}/description`, option.description);
        target(`${o}/target`, option.target);
        if (option.language !== undefined && !walk.languages.includes(option.language)) {
          report(`${o}/language`, `language ${JSON.stringify(option.language)} is not declared`);
        }
      });
      const dynamic = node.dynamic;
      if (dynamic !== undefined) {
        text(`${at}/dynamic/title`, dynamic.title);
        text(`${at}/dynamic/description`, dynamic.description);
        target(`${at}/dynamic/target`, dynamic.target);
        target(`${at}/dynamic/fallback`, dynamic.fallback);
      }
      return;
    }
    case 'page': {
      node.blocks.forEach((block, i) => {
        const b = `${at}/blocks/${i}`;
        switch (block.kind) {
          case 'text':
          case 'fee':
          case 'time':
            return text(`${b}/text`, block.text);
          case 'bullets':
            return block.items.forEach((item, j) => text(`${b}/items/${j}`, item));
          case 'link':
            return text(`${b}/label`, block.label);
          default:
            return unreachable(block);
        }
      });
      if (node.then.kind === 'next') target(`${at}/then/target`, node.then.target);
      return;
    }
    case 'input':
      text(`${at}/text`, node.text);
      text(`${at}/retry`, node.retry);
      target(`${at}/onFail`, node.onFail);
      target(`${at}/next`, node.next);
      return;
    case 'branch':
      node.cases.forEach((c, i) => target(`${at}/cases/${i}/target`, c.target));
      target(`${at}/otherwise`, node.otherwise);
      return;
    case 'end':
      text(`${at}/text`, node.text);
      return;
    default:
      return unreachable(node);
  }
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unreachable(value: never): never {
  throw new Error(`unexpected graph element: ${JSON.stringify(value)}`);
}
