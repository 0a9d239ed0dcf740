/**
 * "Did you mean…?": when a message could name two or three services, or names one only faintly,
 * the bot offers them as choices (buttons on WhatsApp) instead of guessing. The question is a
 * pending state of the session; its choices are ordinary option reply ids, so an old tap still works.
 */
import type { GraphOption } from '../graph/types.js';
import { indexChoices } from '../match/choices.js';
import type { Action, ActionIndex } from './actions.js';
import { actionFromReplyId, optionId } from './actions.js';
import { menuOutbound } from './render.js';
import type { Turn } from './turn.js';
import { emit, message, say } from './turn.js';

/** The choices of a pending question, numbered from 1. */
export function askIndex(turn: Turn, choices: readonly string[]): ActionIndex {
  const list = choices.flatMap((id) => {
    const action = actionFromReplyId(turn.graph, id);
    if (action?.kind !== 'option') return [];
    return [{ id, labels: Object.values(action.option.label), words: action.option.words, action: action as Action }];
  });
  // Numbered after the filter, so that a choice the graph no longer has leaves no gap.
  return indexChoices(list.map((choice, i) => ({ ...choice, number: i + 1 })));
}

/** Asks which of these services the citizen means, and waits for the answer. */
export function ask(turn: Turn, choices: readonly { readonly menu: string; readonly option: GraphOption }[]): void {
  const ids = choices.map((c) => optionId(c.menu, c.option.id));
  turn.pending = { kind: 'ask', choices: ids };
  turn.misses = 0;
  emit(turn, menuOutbound(turn, message(turn, 'did_you_mean'), askIndex(turn, ids)));
}

/** The first line of the start menu's text: the one-line welcome before a first message's answer. */
export function welcomeLine(turn: Turn): string {
  const start = turn.graph.nodes[turn.graph.start];
  if (start?.kind !== 'menu') return '';
  return say(turn, start.text).split('\n')[0]?.trim() ?? '';
}
