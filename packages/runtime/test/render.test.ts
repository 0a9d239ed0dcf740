import { expect, it } from 'vitest';
import { step } from '../src/engine/step.js';
import { makeGraph, t } from './helpers/graph.js';
import { transcript } from './helpers/transcript.js';

const graph = makeGraph(
  {
    home: {
      kind: 'menu',
      text: t('Choose'),
      options: [
        { id: 'a', number: 1, label: t('Sita'), words: [], target: 'hello', set: { name: 'Sita' } },
        { id: 'b', number: 2, label: t('Ram'), words: [], target: 'hello', set: { name: 'Ram' } },
      ],
    },
    hello: { kind: 'page', blocks: [{ kind: 'text', text: t('Hello {name}') }], then: { kind: 'home' } },
  },
  { languages: [{ code: 'en', name: 'English' }] },
);

it('re-renders texts with variables every time, and reuses renders without them safely', () => {
  const first = step(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1 });
  const sita = step(graph, first.session, { kind: 'text', text: '1' }, { now: 2 });
  const home = step(graph, sita.session, { kind: 'text', text: '0' }, { now: 3 });
  const ram = step(graph, home.session, { kind: 'text', text: '2' }, { now: 4 });
  expect(transcript(sita.outbound)[0]).toBe('page: Hello Sita');
  expect(transcript(ram.outbound)[0]).toBe('page: Hello Ram');
  expect(home.outbound).toEqual(first.outbound);
  expect(Object.isFrozen(home.outbound[0])).toBe(true);
});

it('a notice said before a reused render does not leak into later visits', () => {
  const first = step(graph, undefined, { kind: 'text', text: 'hi' }, { now: 1 });
  const help = step(graph, first.session, { kind: 'text', text: 'help' }, { now: 2 });
  const again = step(graph, help.session, { kind: 'text', text: 'home' }, { now: 3 });
  expect(transcript(help.outbound)).toHaveLength(2);
  expect(transcript(help.outbound)[1]).toBe(transcript(first.outbound)[0]);
  expect(transcript(again.outbound)).toEqual(transcript(first.outbound));
  expect(transcript(first.outbound)).toHaveLength(1);
});

it('reuses the render of a page with media and a button when it shows no variables, per language', () => {
  const media = makeGraph(
    {
      home: {
        kind: 'page',
        blocks: [
          { kind: 'text', text: t('Forms') },
          { kind: 'media', mediaType: 'document', url: 'https://example.gov.in/f.pdf', filename: 'f.pdf', caption: t('The form') },
          { kind: 'button', url: 'https://example.gov.in/apply', label: t('Apply') },
        ],
        then: { kind: 'home' },
      },
    },
    { languages: [{ code: 'en', name: 'English' }, { code: 'mr', name: 'मराठी' }] },
  );
  const first = step(media, undefined, { kind: 'text', text: 'hi' }, { now: 1 });
  const again = step(media, first.session, { kind: 'text', text: '0' }, { now: 2 });
  expect(again.outbound).toBe(first.outbound);
  expect(Object.isFrozen(first.outbound[1])).toBe(true);
  expect(transcript(first.outbound).slice(0, 3)).toEqual([
    'page: Forms',
    'media: document https://example.gov.in/f.pdf name f.pdf | The form',
    'button: Apply | [Apply] <https://example.gov.in/apply>',
  ]);
  const marathi = step(media, { ...again.session, lang: 'mr' }, { kind: 'text', text: '0' }, { now: 3 });
  expect(transcript(marathi.outbound)[1]).toBe('media: document https://example.gov.in/f.pdf name f.pdf | The form (mr)');
});
