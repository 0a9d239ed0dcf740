/**
 * The size of a session after a typical Jalna-like conversation: the real flow
 * (`flows/jalna-mitra.flow`, compiled), a dozen messages, a GR list of ten rows on the way.
 */
import { compile, nodeHost } from '@samvad/compiler';
import { step } from '@samvad/runtime';
import type { DataItem, Graph, Session, StepResult } from '@samvad/runtime';

/** Ten GR-like rows, as a data source would return them. */
const GRS: DataItem[] = Array.from({ length: 10 }, (_, i) => ({
  id: `20251128${String(i).padStart(4, '0')}`,
  fields: {
    title: `महसूल व वन विभाग – शासन निर्णय क्रमांक ${i + 1}`,
    date: '28-11-2025',
    url: `https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/Marathi/20251128${i}.pdf`,
  },
}));

export interface SessionSizes {
  readonly flow: string;
  readonly steps: number;
  readonly finalBytes: number;
  readonly maxBytes: number;
  readonly maxAt: string;
}

/** Plays a dozen messages on the Jalna flow and measures the session JSON after each. */
export function jalnaSessionSizes(): SessionSizes {
  const result = compile('flows/jalna-mitra.flow', nodeHost());
  if (result.graph === undefined) throw new Error('flows/jalna-mitra.flow did not compile');
  const graph: Graph = result.graph;
  const script = ['namaskar', '1', '1', '2', '#', '3', '#', '#', '0', '2', '1', '#'];
  let session: Session | undefined;
  let now = 1_700_000_000_000;
  let maxBytes = 0;
  let maxAt = '';
  for (const text of script) {
    now += 20_000;
    let out: StepResult = step(graph, session, { kind: 'text', text }, { now });
    while (out.request !== undefined) {
      out = step(graph, out.session, { kind: 'data', requestId: out.request.id, result: { ok: true, items: GRS } }, { now });
    }
    session = out.session;
    const bytes = Buffer.byteLength(JSON.stringify(session));
    if (bytes > maxBytes) {
      maxBytes = bytes;
      maxAt = `after "${text}" at ${session.node}`;
    }
  }
  const finalBytes = Buffer.byteLength(JSON.stringify(session));
  return { flow: 'flows/jalna-mitra.flow', steps: script.length, finalBytes, maxBytes, maxAt };
}
