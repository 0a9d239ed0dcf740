/**
 * Authoring aid (not a test): prints what the engine says for each step of a trace, so a new
 * fixture's expectations can be written and reviewed. Usage: tsx fill-traces.ts <trace.json>
 */
import { readFileSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { step } from '../../src/engine/step.js';
import type { Session } from '../../src/session/session.js';
import { describeStep, inboundOf, loadTraces } from './trace.js';
import { transcript } from './transcript.js';

const file = process.argv[2] ?? '';
const trace = loadTraces(dirname(file)).find((t) => t.name === basename(file, '.json'));
if (trace === undefined) throw new Error(`no trace ${file}`);
const raw = JSON.parse(readFileSync(file, 'utf8')) as { steps: Record<string, unknown>[] };
let session: Session | undefined;
let requestId: string | undefined;
let callId: string | undefined;
let now = 1_700_000_000_000;
trace.steps.forEach((s, i) => {
  now += s.after ?? 1000;
  const result = step(trace.graph, session, inboundOf(s, requestId, callId), { now });
  const lines = transcript(result.outbound);
  const rawStep = raw.steps[i];
  if (rawStep !== undefined) rawStep['bot'] = lines;
  console.log(`> ${JSON.stringify(describeStep(s))} [${result.event.matchedBy}/${result.event.outcome}]`);
  for (const line of lines) console.log(`  ${line}`);
  if (result.request !== undefined) console.log(`  request ${JSON.stringify(result.request)}`);
  if (result.call !== undefined) console.log(`  call ${JSON.stringify(result.call)}`);
  session = result.session;
  requestId = result.request?.id;
  if (result.session.pending?.kind === 'call') callId = result.session.pending.id;
});
if (process.argv[3] === '--write') {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}
