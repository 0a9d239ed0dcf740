/**
 * Fixed simulator labels in the bot's languages (the flow's own texts come from the graph).
 */

const LIST_BUTTON: Readonly<Record<string, string>> = {
  mr: 'पर्याय पहा',
  hi: 'विकल्प देखें',
  en: 'View options',
};

/** The default label on a list's button in `lang` (English when unknown). */
export function listButtonLabel(lang: string | undefined): string {
  return (lang !== undefined ? LIST_BUTTON[lang] : undefined) ?? 'View options';
}
