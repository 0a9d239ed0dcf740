/**
 * Which chat entries fit on screen: the newest ones, by an estimate of their height.
 */
import { renderPlain } from '../render/plain.js';
import type { Entry } from './state.js';

export interface Visible {
  readonly entry: Entry;
  /** Position in the full list (a stable React key). */
  readonly index: number;
}

/** The newest entries whose estimated height fits in `rows` (at least the newest one). */
export function visibleEntries(entries: readonly Entry[], rows: number): readonly Visible[] {
  const shown: Visible[] = [];
  let used = 0;
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (entry === undefined) continue;
    const height = heightOf(entry);
    if (shown.length > 0 && used + height > rows) break;
    used += height;
    shown.unshift({ entry, index });
  }
  return shown;
}

function heightOf(entry: Entry): number {
  switch (entry.kind) {
    case 'you':
      return 3;
    case 'bot':
      return renderPlain(entry.outbound, { lang: entry.language }).split('\n').length + 2;
    case 'system':
      return 2;
    case 'error':
      return entry.text.split('\n').length + 2;
    default:
      return unreachable(entry);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected entry: ${JSON.stringify(value)}`);
}
