/**
 * The graph validator the build precompiles (Ajv standalone, `src/graph/precompile.ts`, written by
 * `scripts/build.mjs`) decides exactly as the one Ajv compiles at run time from the same schema:
 * the same verdict and the same errors, on a valid graph and on hundreds of broken ones.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, schemaForAjv } from '../src/graph/ajv-schema.js';
import { precompiledValidatorSource } from '../src/graph/precompile.js';
import { validateGraph } from '../src/graph/validate.js';
import { makeGraph, sampleNodes, t } from './helpers/graph.js';

/** Loads the generated CommonJS as the build's file would be loaded, beside the runtime's sources. */
function loadPrecompiled(source: string): ValidateFunction {
  const here = fileURLToPath(new URL('../src/graph/graph-validator.cjs', import.meta.url));
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(here));
  return module.exports as ValidateFunction;
}

const valid = makeGraph(
  sampleNodes({
    home: {
      kind: 'menu',
      text: t('Welcome'),
      options: [
        { id: 'info', number: 1, label: t('Info'), words: ['information'], target: 'info' },
        { id: 'ask', number: 2, label: t('Age'), description: t('Tell us your age'), words: [], target: 'ask' },
      ],
    },
    askParent: 'home',
  }),
);

/** Every value in the graph, by path, with what to put there instead: removed, another type, an extra key. */
function* broken(value: unknown, path: (string | number)[] = []): Generator<unknown> {
  if (value === null || typeof value !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = [...path, key];
    yield edit(at, undefined);
    yield edit(at, typeof child === 'string' ? 42 : typeof child === 'number' ? 'x' : Array.isArray(child) ? {} : typeof child === 'object' ? [] : 'x');
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) yield edit([...at, 'unexpected'], true);
    yield* broken(child, at);
  }
}

function edit(path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(valid) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

describe('the precompiled graph validator', () => {
  const atRunTime = new Ajv2020(AJV_OPTIONS).compile(schemaForAjv());
  const precompiled = loadPrecompiled(precompiledValidatorSource());

  it('accepts the valid graph, as validateGraph does', () => {
    expect(validateGraph(valid).ok).toBe(true);
    expect(precompiled(valid)).toBe(true);
    expect(atRunTime(valid)).toBe(true);
  });

  it('gives the same verdict and the same errors as the run-time compiled schema on every broken graph', () => {
    const cases = [...broken(valid)];
    expect(cases.length).toBeGreaterThan(200);
    let refused = 0;
    for (const graph of cases) {
      const expected = atRunTime(graph);
      expect(precompiled(graph)).toBe(expected);
      expect(precompiled.errors ?? null).toEqual(atRunTime.errors ?? null);
      if (!expected) refused++;
    }
    // Most edits break the schema (some, like removing an optional field, do not).
    expect(refused).toBeGreaterThan(cases.length / 2);
  });
});
