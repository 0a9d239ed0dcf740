import { describe, expect, it } from 'vitest';
import { lineColumn, lineText } from '../src/index.js';

describe('source positions', () => {
  const source = 'menu home\n  text: "🙏 नमस्ते" x\r\nlast';

  it('gives 1-based lines and columns', () => {
    expect(lineColumn(source, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(source, 5)).toEqual({ line: 1, column: 6 });
    expect(lineColumn(source, source.indexOf('text'))).toEqual({ line: 2, column: 3 });
    expect(lineColumn(source, source.indexOf('last'))).toEqual({ line: 3, column: 1 });
  });

  it('counts an emoji as one column although it is two UTF-16 units', () => {
    const x = source.indexOf(' x') + 1;
    // `  text: "` is 9 columns, then 🙏, space, 6 code points of नमस्ते, `"`, space.
    expect(lineColumn(source, x)).toEqual({ line: 2, column: 20 });
  });

  it('clamps offsets outside the source', () => {
    expect(lineColumn(source, -3)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(source, 10_000)).toEqual(lineColumn(source, source.length));
  });

  it('gives the text of a line without its line break', () => {
    expect(lineText(source, 1)).toBe('menu home');
    expect(lineText(source, 2)).toBe('  text: "🙏 नमस्ते" x');
    expect(lineText(source, 3)).toBe('last');
    expect(lineText(source, 4)).toBe('');
    expect(lineText(source, 0)).toBe('');
  });
});
