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
  const entries = text.entries;
  const fallback = valueIn(entries, languages[0] ?? '') ?? entries[0]?.value ?? '';
  for (const lang of languages) result[lang] = valueIn(entries, lang) ?? fallback;
  return result;
}

/** The value of the first entry in `lang` (a text has a handful of entries: a scan beats a map). */
function valueIn(entries: Extract<Text, { kind: 'translations' }>['entries'], lang: string): string | undefined {
  for (const entry of entries) if (entry.lang.name === lang) return entry.value;
  return undefined;
}

/** Like `localize`, for an optional text. */
export function localizeOptional(text: Text | undefined, languages: readonly string[]): LocalizedText | undefined {
  return text === undefined ? undefined : localize(text, languages);
}
