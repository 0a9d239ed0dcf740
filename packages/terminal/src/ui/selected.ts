/**
 * How the selected choice of the newest menu tells the chat pane where it is drawn: its row hands
 * its Ink box to this callback, and the pane keeps that box in sight while the arrows move.
 */
import { createContext } from 'react';
import type { DOMElement } from 'ink';

/** Receives the selected choice's box (null when it is unmounted). */
export const SelectedChoice = createContext<(box: DOMElement | null) => void>(() => {});
