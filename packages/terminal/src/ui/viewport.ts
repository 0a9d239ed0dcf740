/**
 * Which chat entries fit on screen: the newest ones, by an estimate of their height (lines,
 * wrapped at the terminal's width; a closed list counts as its body and button only, boxed
 * buttons as three lines).
 */
import { codePointLength, menuLayout } from '@samvad/runtime';
import { renderPlain } from '../render/plain.js';
import type { Entry } from './state.js';

export interface Visible {
  readonly entry: Entry;
  /** Position in the full list (a stable React key). */
  readonly index: number;
}

export interface Viewport {
  readonly rows: number;
  readonly columns: number;
  /** The entry whose list is open, if any. */
  readonly openList?: number;
}

/** The newest entries whose estimated height fits the viewport (at least the newest one). */
export function visibleEntries(entries: readonly Entry[], viewport: Viewport): readonly Visible[] {
  const shown: Visible[] = [];
  let used = 0;
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (entry === undefined) continue;
    const height = heightOf(entry, viewport, index === viewport.openList) + 1;
    if (shown.length > 0 && used + height > viewport.rows) break;
    used += height;
    shown.unshift({ entry, index });
  }
  return shown;
}

function heightOf(entry: Entry, viewport: Viewport, open: boolean): number {
  const width = Math.max(20, viewport.columns - 3);
  const lines = (text: string) => text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(codePointLength(line) / width)), 0);
  switch (entry.kind) {
    case 'you':
      return 1 + lines(entry.text);
    case 'bot': {
      const message = entry.outbound;
      const layout = message.kind === 'menu' ? menuLayout(message.body, message.options) : undefined;
      if (message.kind === 'menu' && layout === 'list' && !open) return 1 + lines(message.body) + 2;
      // Boxed buttons take three lines where the plain text takes one.
      if (layout === 'buttons') return 1 + lines(renderPlain(message, { lang: entry.language })) + 2;
      return 1 + lines(renderPlain(message, { lang: entry.language }));
    }
    case 'system':
      return lines(entry.text);
    case 'error':
      return 1 + lines(entry.text);
    default:
      return unreachable(entry);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected entry: ${JSON.stringify(value)}`);
}
