/**
 * Words of up to 7 ASCII characters, shared by every occurrence: the key packs the characters
 * and the length into one safe integer, so looking a word up allocates nothing.
 */
export class WordCache {
  private readonly words = new Map<number, string>();
  get(source: string, start: number, end: number): string {
    const length = end - start;
    if (length > 7) return source.slice(start, end);
    let key = 0;
    for (let k = start; k < end; k += 1) key = key * 128 + source.charCodeAt(k);
    key = key * 8 + length;
    let word = this.words.get(key);
    if (word === undefined) {
      word = source.slice(start, end);
      this.words.set(key, word);
    }
    return word;
  }
}
