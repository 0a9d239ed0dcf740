import { describe, expect, test } from 'vitest';
import { bot, codes, compileText, only, page, textAt } from './support/build.js';

const option = (id: string, target: string, extra = '') => `  option ${id} -> ${target}\n    mr: "${id}"\n    en: "${id}"\n${extra}`;
const menuWith = (...options: string[]) => `menu home\n  text:\n    mr: "निवडा"\n    en: "Choose"\n${options.join('')}\n`;

describe('menu options', () => {
  test('two options with one id: error at the second, label at the first', () => {
    const result = compileText(bot(menuWith(option('a', 'info'), option('a', 'info')) + page('info')));
    const d = only(result, 'FLOW5001');
    expect(d.labels).toHaveLength(1);
    expect(d.span.offset).toBeGreaterThan(d.labels[0]?.span.offset ?? Infinity);
  });

  test('a fixed number that another option has by position', () => {
    const result = compileText(bot(menuWith(option('a', 'info'), option('b', 'info', '    number: 1\n')) + page('info')));
    expect(only(result, 'FLOW5002').message).toContain('`a` and `b` both have number 1');
  });

  test('fixed numbers that do not collide are fine', () => {
    const result = compileText(bot(menuWith(option('a', 'info', '    number: 2\n'), option('b', 'info', '    number: 1\n')) + page('info')));
    expect(result.diagnostics).toEqual([]);
    expect(result.graph?.nodes.home?.kind === 'menu' && result.graph.nodes.home.options.map((o) => o.number)).toEqual([2, 1]);
  });

  test('one word on two options, compared case-insensitively', () => {
    const result = compileText(
      bot(menuWith(option('a', 'info', '    words: "Seva"\n'), option('b', 'info', '    words: "seva"\n')) + page('info')),
    );
    const d = only(result, 'FLOW5003');
    expect(textAt(result, d.span)).toBe('"seva"');
  });

  test('an option word equal to a declared command word is a warning', () => {
    const result = compileText(bot(menuWith(option('a', 'info', '    words: "मदत"\n')) + page('info'), '  commands:\n    help: "मदत"'));
    expect(only(result, 'FLOW5004').severity).toBe('warning');
    expect(result.graph).toBeDefined();
  });

  test('an option word equal to a built-in command word when the bot declares none', () => {
    const result = compileText(bot(menuWith(option('a', 'info', '    words: "Back"\n')) + page('info')));
    expect(only(result, 'FLOW5004').message).toContain('`back` command');
  });

  test('a menu with nothing to choose is a dead end', () => {
    expect(codes(compileText(bot('menu home\n  text:\n    mr: "अ"\n    en: "A"\n')))).toContain('FLOW4002');
  });
});
