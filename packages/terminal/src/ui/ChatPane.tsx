// @jsxRuntime automatic
// @jsxImportSource react
/**
 * The chat pane: a window of `rows` lines over the whole conversation (see `scroll.ts` for where
 * it stands). Every entry is laid out by Ink; after each render the pane measures where each one
 * starts (and where the selected choice is) and reports it, so that scrolling and "open at the
 * turn's first message" use the lines Ink really draws, not an estimate.
 */
import { Box, Text, measureElement } from 'ink';
import type { DOMElement } from 'ink';
import { useLayoutEffect, useRef, useState } from 'react';
import { Message } from './Message.js';
import { topLine } from './scroll.js';
import type { PaneLayout, View } from './scroll.js';
import { SelectedChoice } from './selected.js';
import type { Choices, Entry } from './state.js';

/** Entries kept on screen (older ones leave the pane; the session keeps them). */
const MAX_RENDERED = 200;

/** No lines yet: before the first layout. */
const EMPTY_LAYOUT: PaneLayout = { tops: new Map(), total: 0 };

export interface ChatPaneProps {
  readonly entries: readonly Entry[];
  readonly choices?: Choices;
  readonly view: View;
  /** Lines of the window. */
  readonly rows: number;
  /** Called with each new layout (the key handlers scroll by it). */
  readonly onLayout: (layout: PaneLayout) => void;
}

export function ChatPane({ entries, choices, view, rows, onLayout }: ChatPaneProps) {
  const [layout, setLayout] = useState<PaneLayout>(EMPTY_LAYOUT);
  const entryBoxes = useRef(new Map<number, DOMElement>());
  const conversation = useRef<DOMElement | null>(null);
  const selectedBox = useRef<DOMElement | null>(null);
  const revealSelected = useRef((box: DOMElement | null) => {
    selectedBox.current = box;
  }).current;
  const first = Math.max(0, entries.length - MAX_RENDERED);
  const top = topLine(view, layout, rows);
  const below = Math.max(0, layout.total - top - rows);

  // After each render: where each entry starts, as Ink laid it out (one blank line between
  // entries). A layout effect, so that the window is placed again before Ink's next frame.
  useLayoutEffect(() => {
    const tops = new Map<number, number>();
    let line = 0;
    for (let index = first; index < entries.length; index += 1) {
      const box = entryBoxes.current.get(index);
      if (box === undefined) continue;
      tops.set(index, line);
      line += measureElement(box).height + 1;
    }
    const total = Math.max(0, line - 1);
    const selected = selectedBox.current === null ? undefined : lineOf(selectedBox.current, conversation.current);
    if (sameLayout(layout, tops, total, selected)) return;
    const next: PaneLayout = selected === undefined ? { tops, total } : { tops, total, selected };
    setLayout(next);
    onLayout(next);
  });

  return (
    <SelectedChoice.Provider value={revealSelected}>
      <Box height={rows} flexDirection="column" overflowY="hidden" flexShrink={0}>
        <Box flexDirection="column" gap={1} marginTop={-top} flexShrink={0} ref={conversation}>
          {entries.slice(first).map((entry, i) => {
            const index = first + i;
            return (
              <Box
                key={index}
                flexDirection="column"
                flexShrink={0}
                ref={(box: DOMElement | null) => {
                  if (box === null) entryBoxes.current.delete(index);
                  else entryBoxes.current.set(index, box);
                }}
              >
                <Message entry={entry} live={choices?.entry === index ? choices : undefined} />
              </Box>
            );
          })}
        </Box>
      </Box>
      <ScrollLine above={top} below={below} />
    </SelectedChoice.Provider>
  );
}

function sameLayout(old: PaneLayout, tops: ReadonlyMap<number, number>, total: number, selected: PaneLayout['selected']): boolean {
  return (
    old.total === total &&
    old.selected?.top === selected?.top &&
    old.selected?.height === selected?.height &&
    old.tops.size === tops.size &&
    [...tops].every(([i, t]) => old.tops.get(i) === t)
  );
}

/** Where `box` is drawn within the conversation (`conversation`, its outer box): first line and height, from Ink's layout. */
function lineOf(box: DOMElement, conversation: DOMElement | null): { top: number; height: number } | undefined {
  let top = 0;
  let node: DOMElement | undefined = box;
  while (node !== undefined && node !== conversation) {
    top += node.yogaNode?.getComputedTop() ?? 0;
    node = node.parentNode;
  }
  if (node === undefined) return undefined;
  return { top: Math.round(top), height: measureElement(box).height };
}

/** Says how much of the conversation is out of the window, and how to see it (blank when none); fits 80 columns. */
function ScrollLine({ above, below }: { above: number; below: number }) {
  if (above === 0 && below === 0) return <Text> </Text>;
  const parts = [above > 0 ? `↑ ${above} lines above` : '', below > 0 ? `↓ ${below} lines below` : ''].filter((p) => p !== '');
  return <Text color="yellow" wrap="truncate">{`${parts.join(' · ')} — PgUp/PgDn, mouse wheel`}</Text>;
}
