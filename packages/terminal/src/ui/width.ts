/**
 * The columns a message's text may use, shared down the tree (the terminal's width less the
 * message bar), so that texts can be wrapped before Ink measures them.
 */
import { createContext } from 'react';

/** Columns available to a message's text. */
export const TextWidth = createContext(80);
