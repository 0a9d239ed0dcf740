import { describe, expect, test } from 'vitest';
import { bot, codes, compileText, only, textAt } from './support/build.js';

const labelled = (labels: readonly string[], description?: string) =>
  `menu home\n  text:\n    mr: "निवडा"\n    en: "Choose"\n${labels
    .map(
      (label, i) =>
        `  option o${i} -> info\n    mr: "${label}"\n    en: "Option ${i}"\n${description === undefined ? '' : `    description:\n      mr: "${description}"\n      en: "d"\n`}`,
    )
    .join('')}\npage info\n  text:\n    mr: "अ"\n    en: "A"\n  then back\n`;

describe('WhatsApp limits, per language, in code points', () => {
  test('a 21-code-point Devanagari button title (fewer letters on screen) warns: list instead of buttons', () => {
    const title = 'जात प्रमाणपत्र मिळवणे'; // 21 code points
    expect([...title]).toHaveLength(21);
    const result = compileText(bot(labelled([title, 'दुसरा'])));
    const d = only(result, 'FLOW6003');
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('the mr text of option `o0` has 21 characters');
    expect(d.notes).toEqual(['the menu will be sent as a list instead of buttons']);
    expect(textAt(result, d.span)).toBe(`"${title}"`);
  });

  test('a 20-code-point title fits a button', () => {
    expect(compileText(bot(labelled(['a'.repeat(20)]))).diagnostics).toEqual([]);
  });

  test('a row title over 24 warns: numbered text instead of a list', () => {
    const result = compileText(bot(labelled(['a'.repeat(25), 'b', 'c', 'd'])));
    expect(only(result, 'FLOW6004').notes).toEqual(['the menu will be sent as numbered text instead of a list']);
  });

  test('a row description over 72 warns', () => {
    expect(codes(compileText(bot(labelled(['a'], 'd'.repeat(73)))))).toEqual(['FLOW6005']);
  });

  test('more than 10 options is an info, not a warning', () => {
    const result = compileText(bot(labelled(Array.from({ length: 11 }, (_, i) => `o${i}`))));
    expect(only(result, 'FLOW6006').severity).toBe('info');
    expect(result.graph).toBeDefined();
  });

  test('a menu body over 1024 warns once per language that is too long', () => {
    const flow = bot(`menu home\n  text:\n    mr: "${'क'.repeat(1025)}"\n    en: "Choose"\n  option a -> home\n    mr: "अ"\n    en: "A"\n`);
    const d = only(compileText(flow), 'FLOW6002');
    expect(d.message).toContain('the mr text of menu `home` has 1025 characters');
  });

  test('a menu whose numbered text (body + options) exceeds 4096 is an error, counted per language', () => {
    const labels = Array.from({ length: 12 }, () => 'ल'.repeat(340));
    const result = compileText(bot(labelled(labels)));
    const d = result.diagnostics.find((x) => x.code === 'FLOW6001');
    expect(d?.message).toMatch(/^menu `home` is \d+ characters long in mr; a WhatsApp message holds 4096$/);
    expect(result.diagnostics.filter((x) => x.code === 'FLOW6001')).toHaveLength(1);
  });

  test('a page over 4096 counts all its blocks; under the limit it is fine', () => {
    const para = (n: number) => `  text:\n    mr: "${'म'.repeat(n)}"\n    en: "A"\n`;
    const long = `menu home\n  text:\n    mr: "अ"\n    en: "A"\n  option a -> info\n    mr: "अ"\n    en: "A"\n\npage info\n${para(2000)}${para(2000)}  bullet:\n    mr: "${'म'.repeat(100)}"\n    en: "A"\n  then back\n`;
    expect(only(compileText(bot(long)), 'FLOW6001').message).toContain('in mr');
    expect(compileText(bot(long.replace(/म{2000}/g, 'म'.repeat(1000)))).diagnostics).toEqual([]);
  });
});
