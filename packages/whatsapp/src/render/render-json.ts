/**
 * Outbound → the JSON request bodies the outbox stores. The runtime hands over a static menu or
 * page as the same deep-frozen object every time, so its bodies are rendered and serialised once
 * per language, keeping the text around the recipient; a turn then only splices in `to`.
 */
import type { Outbound } from '@samvad/runtime';
import { labelsFor } from './labels.js';
import type { RenderLabels } from './labels.js';
import { renderWhatsApp } from './render.js';

type Template = readonly [before: string, after: string];

/** Stands in for the recipient while a template is made (a phone number never contains NUL). */
const MARK = JSON.stringify('\u0000to\u0000');
const templates = new WeakMap<Outbound, Map<string, readonly Template[] | null>>();

/**
 * `renderWhatsApp(outbound, to, lang, labels)`, each body as JSON: the same text, made once per
 * static outbound and language (a static outbound belongs to one graph, whose labels are fixed).
 */
export function renderJson(outbound: Outbound, to: string, lang: string, labels: RenderLabels = labelsFor(lang)): string[] {
  const fresh = () => renderWhatsApp(outbound, to, lang, labels).map((body) => JSON.stringify(body));
  if (!Object.isFrozen(outbound)) return fresh();
  let perLanguage = templates.get(outbound);
  if (perLanguage === undefined) {
    perLanguage = new Map();
    templates.set(outbound, perLanguage);
  }
  let parts = perLanguage.get(lang);
  if (parts === undefined) {
    parts = makeTemplates(outbound, lang, labels);
    perLanguage.set(lang, parts);
  }
  if (parts === null) return fresh();
  const quoted = JSON.stringify(to);
  return parts.map(([before, after]) => before + quoted + after);
}

/** The bodies split around the recipient, or null when the mark is not found exactly once in each. */
function makeTemplates(outbound: Outbound, lang: string, labels: RenderLabels): readonly Template[] | null {
  const templates: Template[] = [];
  for (const body of renderWhatsApp(outbound, JSON.parse(MARK) as string, lang, labels)) {
    const json = JSON.stringify(body);
    const at = json.indexOf(MARK);
    if (at < 0 || json.lastIndexOf(MARK) !== at) return null;
    templates.push([json.slice(0, at), json.slice(at + MARK.length)]);
  }
  return templates;
}
