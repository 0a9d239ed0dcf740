/**
 * Server side of the phone preview: a turn's runtime `Outbound`s → the Cloud API bodies `samvad
 * serve` would send (its own renderer, `renderWhatsApp`, with the graph's labels, as serve's
 * `renderJson` does) → bubbles. Imports `@samvad/whatsapp`, so it runs in the server process only;
 * the page receives the bubbles as JSON.
 */
import type { Graph, Outbound } from '@samvad/runtime';
import { labelsOf, renderWhatsApp } from '@samvad/whatsapp';
import type { WhatsAppBody } from '@samvad/whatsapp';
import { previewOf } from './preview.js';
import type { Bubble } from './preview-types.js';

/** The recipient the preview's bodies are addressed to (never sent anywhere). */
export const PREVIEW_RECIPIENT = '910000000000';

/** The bodies serve sends for `outbound` in `lang`, as JSON would carry them. */
export function bodiesFor(graph: Graph, outbound: readonly Outbound[], lang: string): WhatsAppBody[] {
  const labels = labelsOf(graph.messages, lang);
  return outbound.flatMap((o) =>
    renderWhatsApp(o, PREVIEW_RECIPIENT, lang, labels).map((body) => JSON.parse(JSON.stringify(body)) as WhatsAppBody),
  );
}

/** What the citizen's phone shows for a turn's outbound messages in `lang`. */
export function previewTurn(graph: Graph, outbound: readonly Outbound[], lang: string): Bubble[] {
  return bodiesFor(graph, outbound, lang).map(previewOf);
}
