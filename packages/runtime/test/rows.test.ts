import { expect, it } from 'vitest';
import { MAX_ROWS, keepRows } from '../src/engine/rows.js';
import type { DataItem } from '../src/engine/types.js';
import type { GraphDynamic } from '../src/graph/types.js';
import { makeGraph, t } from './helpers/graph.js';

const dynamic: GraphDynamic = {
  source: 'gr',
  params: {},
  into: 'gr',
  title: t('{gr.title}'),
  target: 'one',
  timeoutMs: 100,
  fallback: 'home',
};
const graph = makeGraph({
  home: { kind: 'menu', text: t('GRs'), options: [], dynamic },
  one: { kind: 'page', blocks: [{ kind: 'text', text: t('{gr.title} {gr.date}') }], then: { kind: 'back' } },
});

it('keeps only the fields the graph shows, at most MAX_ROWS rows, and skips malformed rows', () => {
  const items = [
    { id: 'a', fields: { title: 'GR A', date: '1 Nov', body: 'x'.repeat(5000) } },
    { id: 7, fields: { title: 'GR B' } },
    { fields: { title: 'no id' } },
    null,
    ...Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, fields: { title: `R${i}` } })),
  ] as unknown as DataItem[];
  const rows = keepRows(graph, dynamic, items);
  expect(rows[0]).toEqual({ id: 'a', fields: { title: 'GR A', date: '1 Nov' } });
  expect(rows[1]).toEqual({ id: '7', fields: { title: 'GR B' } });
  expect(rows[2]?.id).toBe('r0');
  expect(rows.length).toBe(MAX_ROWS);
});
