/**
 * Conversation tests of what a bot does besides texting: the citizen's photo, document, location
 * and contact (`user sends:`), the calls the bot makes (`bot called:`, answered from the `data:`
 * file) and media and link-button replies (`bot contains:` sees captions, labels and addresses).
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compile, nodeHost } from '@samvad/compiler';
import type { CliContext } from '../src/cli/context.js';
import { runStudioTests } from '../src/commands/studio.js';
import { parseConvo } from '../src/convo/parse.js';
import { runInProcess } from './helpers/in-process.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

const header = 'flow: grievance.flow\n';

describe('user sends: and bot called: in a test file', () => {
  it('reads a photo, a document, a video, a location and a contact; media ids count per case', () => {
    const { convo, problems } = parseConvo(
      't.convo',
      `${header}case: one
user sends: photo "पाणी साचले"
user sends: document "arj.pdf" "my form"
user sends: document scan.jpg
user sends: location 19.84, 75.88 "Jalna"
user sends: location -19.5,75
user sends: contact "Asha Patil" "+919800000000"
user sends: contact "आशा" +91 98000 00000
user sends: video
user sends: audio
user sends: reaction
---
case: two
user sends: image
`,
    );
    expect(problems).toEqual([]);
    const [one, two] = convo.cases;
    expect(one?.turns.map((t) => t.inbound)).toEqual([
      { kind: 'media', mediaType: 'image', id: 'media-1', mime: 'image/jpeg', caption: 'पाणी साचले' },
      { kind: 'media', mediaType: 'document', id: 'media-2', mime: 'application/pdf', filename: 'arj.pdf', caption: 'my form' },
      { kind: 'media', mediaType: 'document', id: 'media-3', mime: 'image/jpeg', filename: 'scan.jpg' },
      { kind: 'location', latitude: 19.84, longitude: 75.88, name: 'Jalna' },
      { kind: 'location', latitude: -19.5, longitude: 75 },
      { kind: 'contact', name: 'Asha Patil', phone: '+919800000000' },
      { kind: 'contact', name: 'आशा', phone: '+91 98000 00000' },
      { kind: 'media', mediaType: 'video', id: 'media-4', mime: 'video/mp4' },
      { kind: 'media', mediaType: 'audio', id: 'media-5', mime: 'audio/ogg' },
      { kind: 'unsupported', what: 'reaction' },
    ]);
    expect(two?.turns[0]?.inbound).toEqual({ kind: 'media', mediaType: 'image', id: 'media-1', mime: 'image/jpeg' });
  });

  it('reads bot called: with its indented field lines (directive words included), each with its line', () => {
    const { convo, problems } = parseConvo(
      't.convo',
      `${header}case: submit
user: yes
bot called: grievances
  problem: "No water"
  language: mr
  photo:
bot contains: Registered
`,
    );
    expect(problems).toEqual([]);
    expect(convo.cases[0]?.turns[0]?.expect).toEqual([
      {
        kind: 'called',
        endpoint: 'grievances',
        line: 4,
        fields: [
          { field: 'problem', value: 'No water', line: 5 },
          { field: 'language', value: 'mr', line: 6 },
          { field: 'photo', value: '', line: 7 },
        ],
      },
      { kind: 'contains', text: 'Registered', line: 8 },
    ]);
  });

  it('reports mistakes in user sends: and bot called: with their lines', () => {
    const { problems } = parseConvo(
      't.convo',
      `${header}case: mistakes
user sends: phto "x"
user sends: location Jalna
user sends: location 95, 75
user sends: contact Asha
user sends: contact "Asha" "call me"
user sends: document
user sends: photo "a" "b"
bot called: grievances
  problem: x
  problem: y
  - not a field
bot called:
`,
    );
    expect(problems).toEqual([
      { line: 3, message: 'unknown `user sends: phto`; did you mean `photo`?' },
      { line: 4, message: '`location`: expected latitude,longitude in decimal degrees, e.g. 19.84,75.88; got "Jalna", e.g. `user sends: location 19.84, 75.88 "Jalna"`' },
      { line: 5, message: '`location`: latitude 95 is out of range (−90 to 90), e.g. `user sends: location 19.84, 75.88 "Jalna"`' },
      { line: 6, message: '`contact` needs the name in quotes, e.g. `user sends: contact "Asha Patil" "+919800000000"`' },
      { line: 7, message: '`call me` is not a phone number, e.g. "+919800000000"' },
      { line: 8, message: '`document` needs the file name, e.g. `user sends: document "arj.pdf"`' },
      {
        line: 9,
        message:
          '`photo` takes at most one quoted text; write `user sends: photo "caption"`, `document "name.pdf"`, `video`, `audio`, `sticker`, `location 19.84, 75.88 "name"` or `contact "Name" "+91…"`',
      },
      { line: 12, message: 'field `problem` is already listed on line 11' },
      { line: 13, message: 'expected a field sent as `name: value` under `bot called:`, found `- not a field`' },
      { line: 14, message: '`bot called:` needs a value' },
    ]);
  });
});

describe('samvad test on calls, media and what the citizen sends', () => {
  it('passes a suite that sends a photo, a place and a contact, checks the call and sees media and a link button', async () => {
    const { code, out } = await runInProcess(FIXTURES, ['test', 'effects/passing.convo']);
    expect(out).toContain('✓ a grievance is submitted with a photo, a place and a contact');
    expect(out).toContain('✓ a document where a photo is asked is asked again');
    expect(out).toContain('✓ the forms page shows media and a link button');
    expect(out).toContain('✓ without a canned answer the call fails and the fallback page follows');
    expect(out).toMatch(/^4 passed, 0 failed$/m);
    expect(code).toBe(0);
  });

  it('fails with file:line and a diff: a wrong field value, a field never sent, no call, no canned answer', async () => {
    const { code, out } = await runInProcess(FIXTURES, ['test', 'effects/failing.convo']);
    expect(code).toBe(1);
    expect(out).toContain(
      [
        '      effects/failing.convo:15: call 1 (to `grievances`) sent a different `place` (after `user sends: contact "Asha Patil" "+919800000000"` on line 12)',
        '      - expected  + actual',
        '        called: grievances',
        '        problem: Water on the road',
        '      - place: 19.84,75.88 Ambad',
        '      + place: 19.84,75.88 Jalna',
      ].join('\n'),
    );
    expect(out).toContain('effects/failing.convo:25: call 1 (to `grievances`) sent no field `phone`; it sent `caller`, `photo`, `place`, `problem`');
    expect(out).toContain('      - phone: +919800000000\n');
    expect(out).toContain('effects/failing.convo:30: expected a call to `grievances`, but the bot made no call (after `user: 2` on line 29)');
    expect(out).toContain(
      'effects/failing.convo:40: reply 1 does not contain "Reference" (note: no canned answer for endpoint `grievances`, so the call failed; give one in the `data:` file as "grievances": { "answer": { … } })',
    );
    expect(out).toMatch(/^0 passed, 4 failed$/m);
  });
});

describe("the studio's tests panel runs the same tests", () => {
  it('answers calls from the data file as samvad test does', async () => {
    const root = join(FIXTURES, 'effects', 'grievance.flow');
    const compiled = compile(root, nodeHost());
    if (compiled.graph === undefined) throw new Error('grievance.flow did not compile');
    const ctx: CliContext = {
      cwd: FIXTURES,
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      color: false,
      colorErr: false,
      env: {},
      streams: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
    };
    const report = await runStudioTests(ctx, compiled.graph, root);
    const passing = report.files.find((f) => f.file.endsWith('passing.convo'));
    expect(passing?.cases.map((c) => c.passed)).toEqual([true, true, true, true]);
    expect(report.passed).toBe(4);
    expect(report.failed).toBe(4);
  });
});
