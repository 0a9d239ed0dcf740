/**
 * Graphs of format 1 compiled before the adapter's words and the "what next" / "did you mean"
 * texts became system messages lack those keys. Their built-in texts are what such a graph was
 * served with, so a graph.json already deployed keeps loading after an upgrade: each missing key
 * is filled from the built-ins, for a graph whose languages all have built-in texts. A graph in
 * another language cannot be filled and is refused by the schema, with a hint to recompile.
 */
import { builtInMessageLanguages, defaultMessages } from './default-messages.js';
import type { MessageKey } from './types.js';

/** The system messages added after format 1 first shipped. */
export const LATER_MESSAGE_KEYS: readonly MessageKey[] = [
  'help_label',
  'what_next',
  'list_button',
  'list_section',
  'numbered_hint',
  'did_you_mean',
];

/**
 * `value` with the later system messages filled in from the built-ins when it lacks them and every
 * language it declares has built-in texts; otherwise `value` itself (validation then reports it).
 * Never mutates `value`.
 */
export function withLaterMessages(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value['messages']) || !Array.isArray(value['languages'])) return value;
  const messages = value['messages'];
  const missing = LATER_MESSAGE_KEYS.filter((key) => !(key in messages));
  if (missing.length === 0) return value;
  const codes = value['languages'].map((language: unknown) => (isRecord(language) ? language['code'] : undefined));
  if (!codes.every((code): code is string => typeof code === 'string' && builtInMessageLanguages.includes(code))) return value;
  const filled: Record<string, unknown> = { ...messages };
  for (const key of missing) filled[key] = Object.fromEntries(codes.map((code) => [code, defaultMessages[key][code]]));
  return { ...value, messages: filled };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
