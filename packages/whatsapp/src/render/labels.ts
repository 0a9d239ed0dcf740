/** Words the adapter itself adds around the runtime's texts, per language (default: English). */

export interface RenderLabels {
  /** The button that opens a list (≤ 20 characters). */
  readonly listButton: string;
  /** Heading of the list's single section (≤ 24 characters). */
  readonly listSection: string;
  /** Precedes the option lines of a numbered menu. */
  readonly numberedHint: string;
}

const LABELS: Readonly<Record<string, RenderLabels>> = {
  mr: { listButton: 'पर्याय पहा', listSection: 'पर्याय', numberedHint: 'क्रमांक पाठवा:' },
  hi: { listButton: 'विकल्प देखें', listSection: 'विकल्प', numberedHint: 'नंबर भेजें:' },
  en: { listButton: 'See options', listSection: 'Options', numberedHint: 'Reply with a number:' },
};

const ENGLISH: RenderLabels = { listButton: 'See options', listSection: 'Options', numberedHint: 'Reply with a number:' };

/** The labels for `lang`, falling back to English. */
export function labelsFor(lang: string): RenderLabels {
  return LABELS[lang] ?? ENGLISH;
}
