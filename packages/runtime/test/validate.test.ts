import { describe, expect, it } from 'vitest';
import { loadGraph, validateGraph } from '../src/graph/validate.js';
import { MESSAGE_KEYS } from '../src/graph/types.js';
import { defaultMessages } from '../src/graph/default-messages.js';
import { makeGraph, sampleNodes } from './helpers/graph.js';

const valid = makeGraph(sampleNodes());

describe('validateGraph', () => {
  it('accepts a valid graph', () => {
    const result = validateGraph(valid);
    expect(result.ok).toBe(true);
  });

  it('refuses a newer format first, saying which format it reads', () => {
    const result = validateGraph({ ...valid, format: 3, nodes: 'garbage' });
    expect(result).toEqual({
      ok: false,
      errors: [
        'graph format 3 is newer than this runtime reads (it reads format 2): it was compiled by a newer samvad; upgrade samvad, or recompile the flow with this one (`samvad compile`)',
      ],
    });
  });

  it('refuses a format 1 graph (before endpoints, calls and media) as too old, telling the operator to recompile', () => {
    // A graph.json compiled before format 2: no `endpoints`, otherwise valid then.
    const { endpoints: _endpoints, ...rest } = valid;
    const result = validateGraph({ ...rest, format: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [
        'graph format 1 is too old for this runtime (it reads format 2): it was compiled by an older samvad; recompile the flow with this one (`samvad compile`)',
      ],
    });
  });

  it('refuses an older format as too old', () => {
    const result = validateGraph({ ...valid, format: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toContain('too old');
  });

  it('reports errors with a JSON pointer and a readable message', () => {
    const broken = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    const nodes = broken['nodes'] as Record<string, Record<string, unknown>>;
    delete nodes['info']!['then'];
    nodes['home']!['colour'] = 'red';
    const result = validateGraph(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContain('/nodes/info: missing required property "then"');
      expect(result.errors).toContain('/nodes/home: unknown property "colour"');
    }
  });

  it('loadGraph reports a JSON parse error', () => {
    const result = loadGraph('{"format": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^the graph is not valid JSON/);
  });

  it('loadGraph reads valid JSON text', () => {
    expect(loadGraph(JSON.stringify(valid)).ok).toBe(true);
  });
});

describe('defaultMessages', () => {
  it('has every message in mr, hi and en, and invalid names {choices}', () => {
    for (const key of MESSAGE_KEYS) {
      for (const lang of ['mr', 'hi', 'en']) expect(defaultMessages[key][lang]?.length ?? 0).toBeGreaterThan(0);
    }
    for (const lang of ['mr', 'hi', 'en']) expect(defaultMessages.invalid[lang]).toContain('{choices}');
  });
});
