/**
 * Words the adapter itself adds around the runtime's texts, per language. A graph carries them as
 * system messages (`list_button`, `list_section`, `numbered_hint`, overridable by the flow);
 * `labelsFor` is what is used without a graph (English for a language it does not know).
 */
import type { Graph } from '@samvad/runtime';

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

const byGraph = new WeakMap<Graph['messages'], Map<string, RenderLabels>>();

/** The labels a graph's messages give for `lang` (each falling back to `labelsFor(lang)`); memoised. */
export function labelsOf(messages: Graph['messages'], lang: string): RenderLabels {
  let perLanguage = byGraph.get(messages);
  if (perLanguage === undefined) {
    perLanguage = new Map();
    byGraph.set(messages, perLanguage);
  }
  let labels = perLanguage.get(lang);
  if (labels === undefined) {
    const fallback = labelsFor(lang);
    labels = {
      listButton: messages.list_button?.[lang] ?? fallback.listButton,
      listSection: messages.list_section?.[lang] ?? fallback.listSection,
      numberedHint: messages.numbered_hint?.[lang] ?? fallback.numberedHint,
    };
    perLanguage.set(lang, labels);
  }
  return labels;
}
