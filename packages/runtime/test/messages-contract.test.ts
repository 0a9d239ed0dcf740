/** The system messages in the graph contract: every key is required, built in for mr/hi/en, and a graph compiled before some keys existed loads with their built-in texts; one that cannot be filled says why. */
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

  test('a graph compiled before the later messages existed loads with their built-in texts, unchanged otherwise', () => {
    const valid = makeGraph({ home: { kind: 'page', blocks: [{ kind: 'text', text: t('Hello') }], then: { kind: 'home' } } });
    const old = JSON.parse(JSON.stringify(valid)) as { messages: Record<string, unknown> };
    // Keys added after a format first shipped are filled in the same way (these six were, in format 1).
    const later = ['help_label', 'what_next', 'list_button', 'list_section', 'numbered_hint', 'did_you_mean'] as const;
    for (const key of later) delete old.messages[key];
    const before = JSON.stringify(old);
    const result = validateGraph(old);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const codes = result.graph.languages.map((l) => l.code);
    for (const key of later) {
      expect(result.graph.messages[key]).toEqual(Object.fromEntries(codes.map((c) => [c, defaultMessages[key][c]])));
    }
    expect(result.graph.messages.invalid).toEqual(valid.messages.invalid);
    expect(JSON.stringify(old)).toBe(before); // the input is not mutated
  });

  test('a graph in a language without built-in texts that lacks messages is refused, naming them and saying to recompile', () => {
    const valid = makeGraph({ home: { kind: 'page', blocks: [{ kind: 'text', text: t('Hello') }], then: { kind: 'home' } } });
    const graph = JSON.parse(JSON.stringify(valid)) as { languages: { code: string; name: string }[]; messages: Record<string, Record<string, string>> };
    graph.languages.push({ code: 'gu', name: 'ગુજરાતી' });
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
