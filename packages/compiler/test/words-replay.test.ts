/**
 * The `words:` check plays words through the matcher on the lowered graph, and plays them on the
 * previous graph object when only what citizens are shown changed (an editor re-checks after
 * every keystroke). A change the matcher reads must still change the answer, check after check.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compile, memoryHost } from '../src/index.js';

const source = readFileSync(new URL('./fixtures/FLOW5005-word-always-asks/input.flow', import.meta.url), 'utf8');
const asks = (text: string) =>
  compile('main.flow', memoryHost({ 'main.flow': text }), { checkOnly: true })
    .diagnostics.filter((d) => d.code === 'FLOW5005')
    .map((d) => d.message);

describe('the words check, bot after bot in one process', () => {
  test('a text change keeps the answer; a change of words gives the new one', () => {
    // A third option whose label is the word, with the same nodes: the matcher answers otherwise.
    const labelled = source.replace(
      '  option health -> health\n',
      '  option card -> pan\n    mr: "कार्ड"\n    en: "Card"\n  option health -> health\n',
    );
    const third = asks(labelled);
    const first = asks(source);
    expect(first).toHaveLength(2);
    expect(third).not.toEqual(first);
    expect(asks(labelled)).toEqual(third);
    // A page text, a menu text: the same ties.
    expect(asks(source.replace('en: "PAN"\n  then back', 'en: "PAN card details"\n  then back'))).toEqual(first);
    expect(asks(source.replace('en: "Main menu"', 'en: "Main menu, choose"'))).toEqual(first);
    // The word on one option only: no tie.
    expect(asks(source.replace('words: "card"\n\npage pan', 'words: "pan card"\n\npage pan'))).toEqual([]);
    // Back to the tie; then both options carry another word: the new word is the one reported.
    expect(asks(source)).toEqual(first);
    const renamed = asks(source.replaceAll('words: "card"', 'words: "kard"'));
    expect(renamed).toHaveLength(2);
    expect(renamed.every((m) => m.includes('"kard"'))).toBe(true);
    expect(asks(source)).toEqual(first);
  });
});
