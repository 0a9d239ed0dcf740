/**
 * Graphs of the current format compiled before some system messages existed lack those keys. The
 * compiler copies the built-in texts into every graph, so they are exactly what such a graph would
 * carry if recompiled: a graph.json already deployed keeps loading after an upgrade, with each
 * missing key filled from the built-ins — when every language it declares has built-in texts. A
 * graph in another language cannot be filled and is refused by the schema, with a hint to
 * recompile. (A graph of another format is refused before this runs: `validate.ts`.)
 */
import { builtInMessageLanguages, defaultMessages } from './default-messages.js';
import { MESSAGE_KEYS } from './types.js';

/**
 * `value` with its missing system messages filled in from the built-ins when every language it
 * declares has them; otherwise `value` itself (validation then reports it). Never mutates `value`.
 */
export function withBuiltInMessages(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value['messages']) || !Array.isArray(value['languages'])) return value;
  const messages = value['messages'];
  const missing = MESSAGE_KEYS.filter((key) => !(key in messages));
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
