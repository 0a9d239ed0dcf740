import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import { validateGraph } from '../src/graph/validate.js';
import type { Session } from '../src/session/session.js';
import { describeStep, inboundOf, loadTraces } from './helpers/trace.js';
import { transcript } from './helpers/transcript.js';

const traces = loadTraces(fileURLToPath(new URL('./traces', import.meta.url)));

describe.each(traces.map((t) => [t.name, t] as const))('trace %s', (_name, trace) => {
  it(trace.description, () => {
    const checked = validateGraph(trace.graph);
    expect(checked.ok ? [] : checked.errors).toEqual([]);
    let session: Session | undefined;
    let requestId: string | undefined;
    let callId: string | undefined;
    let now = 1_700_000_000_000;
    trace.steps.forEach((s, i) => {
      now += s.after ?? 1000;
      const result = step(trace.graph, session, inboundOf(s, requestId, callId), { now });
      const where = `step ${i + 1} (${JSON.stringify(describeStep(s))})`;
      expect(transcript(result.outbound), where).toEqual(s.bot);
      if (s.matchedBy !== undefined) expect(result.event.matchedBy, where).toBe(s.matchedBy);
      if (s.request !== undefined) {
        expect({ source: result.request?.source, params: result.request?.params }, where).toEqual(s.request);
      }
      if (s.call !== undefined) {
        const made = result.call === undefined ? null : { endpoint: result.call.endpoint, node: result.call.node, fields: result.call.fields, timeoutMs: result.call.timeoutMs };
        expect(made, where).toEqual(s.call);
      }
      if (s.outcome !== undefined) expect(result.event.outcome, where).toBe(s.outcome);
      if (s.session !== undefined) expect(result.session, where).toMatchObject(s.session);
      session = result.session;
      requestId = result.request?.id;
      if (result.session.pending?.kind === 'call') callId = result.session.pending.id;
    });
  });
});
