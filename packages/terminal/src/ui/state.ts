/**
 * The simulator screen's state and its pure transitions. The Ink components only draw it;
 * `App.tsx` feeds it key presses and engine turns.
 */
import { menuLayout } from '@samvad/runtime';
import type { Inbound, MenuLayout, Outbound, OutboundOption } from '@samvad/runtime';
import type { ChatCall, ChatSnapshot, ChatTurn } from '../chat/engine.js';
import { describeInbound } from '../render/transcript.js';
import type { View } from './scroll.js';

/** One line or message in the chat pane. */
export type Entry =
  | { readonly kind: 'you'; readonly text: string }
  | { readonly kind: 'bot'; readonly outbound: Outbound; readonly language: string; readonly listButton?: string }
  | { readonly kind: 'system'; readonly text: string }
  /** A call the bot made: endpoint, fields sent, the answer. */
  | { readonly kind: 'call'; readonly call: ChatCall }
  | { readonly kind: 'error'; readonly text: string };

/** The choices of the newest menu: what the arrow keys move over. */
export interface Choices {
  /** Index of the menu's entry in `entries`. */
  readonly entry: number;
  readonly layout: MenuLayout;
  readonly options: readonly OutboundOption[];
  readonly selected: number;
  /** A list shows its rows only once opened (as on WhatsApp). */
  readonly open: boolean;
}

export interface ChatState {
  readonly entries: readonly Entry[];
  readonly snapshot: ChatSnapshot;
  readonly choices?: Choices;
  readonly input: string;
  readonly showVars: boolean;
  readonly busy: boolean;
  /** How the runtime read the last message. */
  readonly lastStep?: ChatTurn['step'];
  /** The current compile error (rendered), shown until a reload succeeds. */
  readonly compileError?: string;
  /** Where the chat pane's window stands (see `scroll.ts`). */
  readonly view: View;
}

const FOLLOW: View = { kind: 'follow' };

export function initialState(snapshot: ChatSnapshot): ChatState {
  return { entries: [], snapshot, input: '', showVars: false, busy: true, view: FOLLOW };
}

/** Adds what the user sent and marks the screen busy until the turn comes back. */
export function sent(state: ChatState, inbound: Inbound): ChatState {
  return { ...state, entries: [...state.entries, { kind: 'you', text: describeInbound(inbound) }], input: '', busy: true, view: FOLLOW };
}

/**
 * Adds a turn's messages; the newest menu among them becomes the live choices. The pane opens at
 * the turn's first message (or at the bottom when the whole turn fits).
 */
export function received(state: ChatState, turn: ChatTurn): ChatState {
  const entries: Entry[] = [...state.entries];
  const first = entries.length;
  for (const text of turn.notices) entries.push({ kind: 'system', text });
  for (const call of turn.calls ?? []) entries.push({ kind: 'call', call });
  let choices: Choices | undefined;
  for (const outbound of turn.outbound) {
    entries.push({ kind: 'bot', outbound, language: turn.snapshot.language, ...(turn.listButton === undefined ? {} : { listButton: turn.listButton }) });
    if (outbound.kind === 'menu' && outbound.options.length > 0) {
      const layout = menuLayout(outbound.body, outbound.options);
      choices = { entry: entries.length - 1, layout, options: outbound.options, selected: 0, open: false };
    }
  }
  const view: View = entries.length > first ? { kind: 'entry', entry: first } : state.view;
  return { ...state, entries, snapshot: turn.snapshot, choices, busy: false, lastStep: turn.step, view };
}

/** Adds a simulator line (a notice, or an error in red) to the chat pane. */
export function systemLine(state: ChatState, text: string, kind: 'system' | 'error' = 'system'): ChatState {
  return { ...state, entries: [...state.entries, { kind, text }], view: FOLLOW };
}

/** The pane's window moved (page keys, the wheel) or follows the newest line again. */
export function viewed(state: ChatState, view: View): ChatState {
  return { ...state, view };
}

/** Moves the selection by `delta`, opening a closed list first (shown from its menu's top); the pane keeps the selected choice in sight. */
export function moveSelection(state: ChatState, delta: number): ChatState {
  const choices = state.choices;
  if (choices === undefined) return state;
  if (choices.layout === 'list' && !choices.open) return { ...state, choices: { ...choices, open: true }, view: { kind: 'entry', entry: choices.entry } };
  const count = choices.options.length;
  const selected = (((choices.selected + delta) % count) + count) % count;
  return { ...state, choices: { ...choices, selected }, view: { kind: 'choice' } };
}

/** Closes an open list (Escape). */
export function closeList(state: ChatState): ChatState {
  const choices = state.choices;
  if (choices === undefined || !choices.open) return state;
  return { ...state, choices: { ...choices, open: false } };
}

/**
 * Enter with an empty input line: opens a closed list, or returns the tap on the selected choice
 * (the reply id WhatsApp would send).
 */
export function pickSelected(state: ChatState): { readonly state: ChatState; readonly tap?: Inbound } {
  const choices = state.choices;
  if (choices === undefined) return { state };
  if (choices.layout === 'list' && !choices.open) return { state: { ...state, choices: { ...choices, open: true }, view: { kind: 'entry', entry: choices.entry } } };
  const option = choices.options[choices.selected];
  if (option === undefined) return { state };
  return { state: { ...state, choices: undefined }, tap: { kind: 'reply', id: option.id, title: option.title } };
}

export function typed(state: ChatState, text: string): ChatState {
  return { ...state, input: state.input + text };
}

export function erased(state: ChatState): ChatState {
  return { ...state, input: [...state.input].slice(0, -1).join('') };
}

export function toggleVars(state: ChatState): ChatState {
  return { ...state, showVars: !state.showVars };
}

export function compileFailed(state: ChatState, rendered: string): ChatState {
  return { ...state, compileError: rendered };
}

export function compileSucceeded(state: ChatState): ChatState {
  return { ...state, compileError: undefined };
}
