import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CODES } from '../src/index.js';
import { expectedOf, fixtureNames, renderFixture, writeExpected } from './support/fixtures.js';

const update = process.env.UPDATE_GOLDEN === '1';
const names = fixtureNames();
const docs = fileURLToPath(new URL('../../../docs/diagnostics/', import.meta.url));

describe('golden fixtures (rendered diagnostics, no colour)', () => {
  test.each(names)('%s', (name) => {
    const actual = renderFixture(name);
    if (update) writeExpected(name, actual);
    const expected = expectedOf(name);
    expect(expected, `no expected.txt for ${name}; run with UPDATE_GOLDEN=1`).toBeDefined();
    expect(actual).toBe(expected);
  });
});

describe('every compiler code is documented and has a fixture that reports it', () => {
  const codes = Object.entries(CODES).filter(([code]) => !code.startsWith('FLOW9'));
  test.each(codes)('%s', (code, info) => {
    const name = `${code}-${info.slug}`;
    expect(names).toContain(name);
    expect(renderFixture(name)).toContain(`${info.severity}[${code}]`);
    expect(existsSync(`${docs}${code}.md`), `docs/diagnostics/${code}.md`).toBe(true);
  });
});
