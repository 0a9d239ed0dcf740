/**
 * The simulator's fallback for a list's button label when the caller has no graph label to pass:
 * the runtime's built-in `list_button` text (the one a compiled graph carries unless the flow
 * overrides it), so the simulator and WhatsApp never show two different defaults.
 */
import { defaultMessages } from '@samvad/runtime';

/** The built-in label on a list's button in `lang` (English when the language has none built in). */
export function listButtonLabel(lang: string | undefined): string {
  const texts = defaultMessages.list_button;
  return (lang !== undefined ? texts[lang] : undefined) ?? texts['en'] ?? 'See options';
}
