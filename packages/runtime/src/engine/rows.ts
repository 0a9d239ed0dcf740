/**
 * Keeping a data source's rows small and safe before they go into the session: at most
 * `MAX_ROWS`, ids and field values as strings, and only the fields the graph ever shows.
 */
import type { Graph, GraphDynamic } from '../graph/types.js';
import type { DataItem } from './types.js';

/** The most rows a dynamic menu keeps (a WhatsApp list shows 10; more become numbered text). */
export const MAX_ROWS = 30;

const referenced = new WeakMap<GraphDynamic, ReadonlySet<string>>();

/** The `<into>.<field>` names any text of the graph refers to. */
function fieldsUsed(graph: Graph, dynamic: GraphDynamic): ReadonlySet<string> {
  let fields = referenced.get(dynamic);
  if (fields === undefined) {
    const prefix = `{${dynamic.into}.`;
    const text = JSON.stringify(graph.nodes);
    const found = new Set<string>();
    for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
      const end = text.indexOf('}', at);
      if (end > at) found.add(text.slice(at + prefix.length, end));
    }
    fields = found;
    referenced.set(dynamic, fields);
  }
  return fields;
}

/** Rows as the session keeps them. */
export function keepRows(graph: Graph, dynamic: GraphDynamic, items: readonly DataItem[]): DataItem[] {
  const used = fieldsUsed(graph, dynamic);
  const rows: DataItem[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    if (rows.length >= MAX_ROWS) break;
    if (typeof item !== 'object' || item === null || (typeof item.id !== 'string' && typeof item.id !== 'number')) continue;
    const fields: Record<string, string> = {};
    const source: Readonly<Record<string, unknown>> = typeof item.fields === 'object' && item.fields !== null ? item.fields : {};
    for (const name of used) {
      const value = source[name];
      if (value !== undefined && value !== null) fields[name] = String(value);
    }
    rows.push({ id: String(item.id), fields });
  }
  return rows;
}
