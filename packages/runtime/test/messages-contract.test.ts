/** The system messages in the graph contract: every key is required, built in for mr/hi/en, and a graph lacking some says why. */
import { describe, expect, test } from 'vitest';
import { defaultMessages, builtInMessageLanguages } from '../src/graph/default-messages.js';
import { MESSAGE_KEYS } from '../src/graph/types.js';
import { validateGraph } from '../src/graph/validate.js';
import { makeGraph, t } from './helpers/graph.js';

describe('system messages in the graph', () => {
  test('every key has a built-in text in Marathi, Hindi and English', () => {
    expect(builtInMessageLanguages).toEqual(['mr', 'hi', 'en']);
    expect(Object.keys(defaultMessages).sort()).toEqual([...MESSAGE_KEYS].sort());
    for (const key of MESSAGE_KEYS) for (const lang of builtInMessageLanguages) expect(defaultMessages[key][lang], `${key}.${lang}`).toBeTruthy();
  });

  test('a graph compiled before some messages existed is refused, naming them and saying to recompile', () => {
    const valid = makeGraph({ home: { kind: 'page', blocks: [{ kind: 'text', text: t('Hello') }], then: { kind: 'home' } } });
    expect(validateGraph(valid).ok, JSON.stringify(validateGraph(valid))).toBe(true);
    const graph = JSON.parse(JSON.stringify(valid)) as { messages: Record<string, unknown> };
    delete graph.messages['what_next'];
    delete graph.messages['did_you_mean'];
    const result = validateGraph(graph);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain('/messages: missing required property "what_next"');
    expect(errors).toContain('/messages: missing required property "did_you_mean"');
    expect(errors[errors.length - 1]).toBe('system messages are missing: the graph was compiled by an older samvad; recompile the flow with this one');
  });
});
