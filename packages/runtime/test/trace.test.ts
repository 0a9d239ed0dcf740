import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import { validateGraph } from '../src/graph/validate.js';
import type { Session } from '../src/session/session.js';
import { inboundOf, loadTraces } from './helpers/trace.js';
import { transcript } from './helpers/transcript.js';

const traces = loadTraces(fileURLToPath(new URL('./traces', import.meta.url)));

describe.each(traces.map((t) => [t.name, t] as const))('trace %s', (_name, trace) => {
  it(trace.description, () => {
    const checked = validateGraph(trace.graph);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    let session: Session | undefined;
    let requestId: string | undefined;
    let now = 1_700_000_000_000;
    trace.steps.forEach((s, i) => {
      now += s.after ?? 1000;
      const result = step(trace.graph, session, inboundOf(s, requestId), { now });
      const where = `step ${i + 1} (${JSON.stringify(s.user ?? s.tap ?? s.media ?? 'data')})`;
      expect(transcript(result.outbound), where).toEqual(s.bot);
      if (s.matchedBy !== undefined) expect(result.event.matchedBy, where).toBe(s.matchedBy);
      if (s.request !== undefined) {
        expect({ source: result.request?.source, params: result.request?.params }, where).toEqual(s.request);
      }
      if (s.session !== undefined) expect(result.session, where).toMatchObject(s.session);
      session = result.session;
      requestId = result.request?.id;
    });
  });
});
