import type { Text } from '@samvad/dsl';
import type { LocalizedText } from '@samvad/runtime';

/**
 * A text in every language of the bot: a neutral string is copied into each language; a missing
 * translation (already an error) falls back to the default language, then to the empty string.
 */
export function localize(text: Text, languages: readonly string[]): LocalizedText {
  const result: Record<string, string> = {};
  if (text.kind === 'neutral') {
    for (const lang of languages) result[lang] = text.value;
    return result;
  }
  const given = new Map<string, string>();
  for (const entry of text.entries) if (!given.has(entry.lang.name)) given.set(entry.lang.name, entry.value);
  const fallback = given.get(languages[0] ?? '') ?? text.entries[0]?.value ?? '';
  for (const lang of languages) result[lang] = given.get(lang) ?? fallback;
  return result;
}

/** Like `localize`, for an optional text. */
export function localizeOptional(text: Text | undefined, languages: readonly string[]): LocalizedText | undefined {
  return text === undefined ? undefined : localize(text, languages);
}
