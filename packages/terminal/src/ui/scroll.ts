/**
 * Scrolling the chat pane: which line of the conversation is at the top of the window. The pane
 * follows the newest line unless the author scrolled (PgUp/PgDn, the mouse wheel), or a new turn
 * is taller than the window: then it opens at the top of that turn's first message, so a long
 * page is read from its heading down instead of being cut above its last lines. Pure: the heights
 * come from Ink's own layout of the rendered entries.
 */

/** Where the window stands. */
export type View =
  /** At the bottom, following new lines. */
  | { readonly kind: 'follow' }
  /** From the top of entry `entry` (the first message of the newest turn), or the bottom when all from it fits. */
  | { readonly kind: 'entry'; readonly entry: number }
  /** At line `top` of the conversation, where the author scrolled to. */
  | { readonly kind: 'at'; readonly top: number }
  /** Wherever the selected choice of the newest menu is in sight (the bottom when it is there). */
  | { readonly kind: 'choice' };

/** The conversation's lines as laid out: where each entry starts, and the total. */
export interface PaneLayout {
  /** Line of each rendered entry's top, by entry index (entries not rendered are absent). */
  readonly tops: ReadonlyMap<number, number>;
  /** Lines of the whole conversation. */
  readonly total: number;
  /** The selected choice's lines, when a menu's rows are drawn (an open list, numbered lines). */
  readonly selected?: { readonly top: number; readonly height: number };
}

/** The first line shown in a window of `rows` lines. */
export function topLine(view: View, layout: PaneLayout, rows: number): number {
  const bottom = Math.max(0, layout.total - rows);
  switch (view.kind) {
    case 'follow':
      return bottom;
    case 'entry': {
      const top = layout.tops.get(view.entry);
      return top === undefined ? bottom : Math.min(top, bottom);
    }
    case 'at':
      return Math.max(0, Math.min(view.top, bottom));
    case 'choice': {
      const row = layout.selected;
      if (row === undefined || row.top >= bottom) return bottom;
      // Above the bottom window: the row one line below the top, the line above it as context.
      return Math.max(0, Math.min(row.top - 1, bottom));
    }
    default:
      return unreachable(view);
  }
}

/** The view after scrolling `delta` lines (negative: up); reaching the bottom follows again. */
export function scrolled(view: View, layout: PaneLayout, rows: number, delta: number): View {
  const bottom = Math.max(0, layout.total - rows);
  const top = Math.max(0, Math.min(topLine(view, layout, rows) + delta, bottom));
  return top >= bottom ? { kind: 'follow' } : { kind: 'at', top };
}

/** Lines a page key moves: the window less two, so that two lines stay in sight across the jump. */
export function pageStep(rows: number): number {
  return Math.max(1, rows - 2);
}

/** Lines one notch of the mouse wheel moves. */
export const WHEEL_STEP = 3;

/** The wheel notches in a chunk of terminal input (SGR mouse reports): negative is up. */
export function wheelNotches(input: string): number {
  let notches = 0;
  for (const match of input.matchAll(/\[<(\d+);\d+;\d+[Mm]/g)) {
    const button = Number(match[1]);
    if (button === 64) notches -= 1;
    else if (button === 65) notches += 1;
  }
  return notches;
}

/** True when `input` is (only) mouse reports, which are never typed text. */
export function isMouseReport(input: string): boolean {
  return input !== '' && input.replace(/\u001B?\[<\d+;\d+;\d+[Mm]/g, '') === '';
}

function unreachable(value: never): never {
  throw new Error(`unexpected view: ${JSON.stringify(value)}`);
}
