/** The phone preview's conversation makes a flow's calls with the host's (canned) answers, as `samvad chat` does. */
import { compile, memoryHost } from '@samvad/compiler';
import type { CallRequest } from '@samvad/runtime';
import { describe, expect, it } from 'vitest';
import { ChatSession } from '../src/server/chat.js';

const FLOW = `bot submit
  languages: en "English"
  start: ask

endpoint grievances
  url: env GRIEVANCE_URL
  secret: env GRIEVANCE_SECRET
  sends: problem
  answers: reference

input ask
  text:
    en: "Describe the problem"
  var: problem
  expect: any
  then -> submit

call submit
  endpoint: grievances
  send:
    problem: "{problem}"
  receive:
    reference -> ref
  then -> done
  fallback -> failed

page done
  text:
    en: "Registered: {ref}"
  then -> ask

page failed
  text:
    en: "Could not send it now."
  then -> ask
`;

function graph() {
  const result = compile('submit.flow', memoryHost({ 'submit.flow': FLOW }));
  if (result.graph === undefined) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.graph;
}

const texts = (bodies: readonly unknown[]) => JSON.stringify(bodies);

describe('the phone preview and calls', () => {
  it('answers a call from the canned answer and shows the reply that follows', async () => {
    const g = graph();
    const seen: CallRequest[] = [];
    const chat = new ChatSession({}, { grievances: async (request) => (seen.push(request), { ok: true, answer: { reference: 'JAL-7' } }) });
    await chat.act(g, { kind: 'restart' });
    const answered = await chat.act(g, { kind: 'text', text: 'No water' });
    expect(seen.map((r) => r.fields)).toEqual([{ problem: 'No water' }]);
    expect(texts(answered.bodies)).toContain('Registered: JAL-7');
    expect(answered.node).toBe('done');
  });

  it('without an answer the call fails and the fallback page shows', async () => {
    const g = graph();
    const chat = new ChatSession({});
    await chat.act(g, { kind: 'restart' });
    const failed = await chat.act(g, { kind: 'text', text: 'No water' });
    expect(texts(failed.bodies)).toContain('Could not send it now.');
    expect(failed.node).toBe('failed');
  });
});
