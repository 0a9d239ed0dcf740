/** The CLI in-process: exit codes and messages for usage and I/O problems, and when colour is on. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/cli/context.js';
import { runInProcess } from './helpers/in-process.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');

const samvad = (args: readonly string[]) => runInProcess(FIXTURES, args);

describe('runCli', () => {
  it('exits 2 on an unknown command or flag, with commander message', async () => {
    const unknown = await samvad(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const flag = await samvad(['check', 'shop.flow', '--format', 'yaml']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Allowed choices are human, json");
    const percent = await samvad(['test', 'tests', '--min-coverage', 'most']);
    expect(percent.code).toBe(2);
    expect(percent.err).toContain('expected a percentage from 0 to 100');
  });

  it('exits 2 naming the path when a file or folder is missing or of the wrong kind', async () => {
    expect(await samvad(['compile', 'nope.flow'])).toMatchObject({ code: 2, err: 'samvad: cannot read nope.flow: no such file\n' });
    expect(await samvad(['check', 'tests'])).toMatchObject({ code: 2, err: 'samvad: no .flow files found in tests\n' });
    expect(await samvad(['test', 'nowhere'])).toMatchObject({ code: 2, err: 'samvad: cannot read nowhere: no such file\n' });
    const noTests = await samvad(['test', 'shop.flow', '--coverage']);
    expect(noTests.code).toBe(2);
    expect(noTests.err).toBe('samvad: shop.flow is not a *.convo file\n');
    const empty = await samvad(['test', '../../src/sources']);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/^samvad: no \.convo test files found in \/.*\/packages\/cli\/src\/sources\n$/);
    const chat = await samvad(['chat', 'shop.flow', '--json']);
    expect(chat).toMatchObject({ code: 2, err: 'samvad: --json needs --script (the interactive simulator has no JSON output)\n' });
  });

  it('check on a folder checks each bot once, following its includes; a fragment named alone is checked as a bot', async () => {
    const examples = await samvad(['check', '../../../../examples']);
    expect(examples).toMatchObject({ code: 0, err: '' });
    expect(examples.out).toBe('✓ checked 15 files: no problems\n');
    const fragment = await samvad(['check', '../../../../examples/includes/revenue.flow']);
    expect(fragment.code).toBe(1);
    expect(fragment.out).toContain('examples/includes/revenue.flow');
  });

  it('validate exits 1 on JSON that is not a graph, saying why', async () => {
    const result = await samvad(['validate', 'news.json']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('✗ news.json: not a valid graph\n  /format: missing; this is not a compiled Samvad graph\n');
  });

  it('a canned data file with a bad entry is a usage problem naming the entry', async () => {
    const result = await samvad(['chat', 'shop.flow', '--script', '-', '--data', 'tests/shop.convo']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^samvad: tests\/shop\.convo is not valid JSON/);
  });
});

describe('samvad test on broken test files', () => {
  it('counts a file whose flow is missing or broken, or that has a typo, as failed, and says where', async () => {
    const { code, out } = await samvad(['test', 'bad-tests']);
    expect(code).toBe(1);
    expect(out).toContain('✗ bad-tests/broken-flow.convo:1: the flow broken.flow cannot be loaded');
    expect(out).toContain('unknown target `nowhere`');
    expect(out).toContain('✗ bad-tests/missing-flow.convo:1: the flow no-such.flow cannot be loaded');
    expect(out).toContain('cannot read no-such.flow: no such file');
    expect(out).toContain('✗ bad-tests/typo.convo:5: unknown directive `bot optoins:`; did you mean `bot options:`?');
    expect(out).toMatch(/^0 passed, 3 failed$/m);
  });
});

describe('colorEnabled', () => {
  it('colours a TTY unless NO_COLOR is set to something', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
  });
});
