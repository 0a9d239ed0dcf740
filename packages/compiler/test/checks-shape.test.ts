import { describe, expect, test } from 'vitest';
import { bot, codes, compileText, menu, only, page } from './support/build.js';

const home = menu('home', [['go', 'next', 'पुढे', 'Next']]);

describe('ways on', () => {
  test('a page without `then` is a dead end (error)', () => {
    const result = compileText(bot(home + 'page next\n  text:\n    mr: "अ"\n    en: "A"\n'));
    expect(only(result, 'FLOW4002').severity).toBe('error');
  });

  test('an `end` node needs no way on', () => {
    expect(compileText(bot(home + 'end next\n  text:\n    mr: "धन्यवाद"\n    en: "Thanks"\n')).diagnostics).toEqual([]);
  });

  test('an input without `then`, and one without `var:`', () => {
    const input = 'input next\n  text:\n    mr: "नाव?"\n    en: "Name?"\n  expect: any\n';
    const result = compileText(bot(home + input));
    expect(codes(result).sort()).toEqual(['FLOW4003', 'FLOW4007']);
  });

  test('a branch without `else`', () => {
    expect(codes(compileText(bot(home + 'branch next\n  when x == "1" -> home\n')))).toContain('FLOW4004');
  });

  test('a `from` clause without `fallback`', () => {
    const flow = bot(`source s\n\nmenu home\n  text:\n    mr: "अ"\n    en: "A"\n  from s() into row -> home\n    title: "{row.title}"\n`);
    expect(codes(compileText(flow))).toContain('FLOW4005');
  });

  test('an unreachable node is a warning and the graph is still produced', () => {
    const result = compileText(bot(home + page('next') + page('orphan')));
    const d = only(result, 'FLOW4001');
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('`orphan`');
    expect(result.graph?.nodes.orphan).toBeDefined();
  });

  test('a loop of branch and goto only is an error naming the loop', () => {
    const flow = bot(home + 'branch next\n  when x == "1" -> home\n  else -> again\n\ngoto again -> next\n');
    expect(only(compileText(flow), 'FLOW4006').message).toBe('`again` → `next` → `again` loops without waiting for the citizen');
  });

  test('a goto to itself is a loop; a loop through a menu is not', () => {
    expect(codes(compileText(bot(home + 'goto next -> next\n')))).toContain('FLOW4006');
    expect(compileText(bot(home + 'goto next -> home\n')).diagnostics).toEqual([]);
  });
});
