/**
 * Rendering what the citizen sees: menus (with their choices), pages (with their way on),
 * the language and "too many retries" menus, and the `invalid` hint listing the choices.
 */
import type { Graph, GraphNode, MenuNode, PageNode } from '../graph/types.js';
import { interpolate } from '../match/interpolate.js';
import type { ActionChoice, ActionIndex } from './actions.js';
import { languageIndex, menuIndex, rowVars, stuckIndex, wayOnIndex } from './actions.js';
import type { Outbound, OutboundLink, OutboundOption } from './types.js';
import type { Turn } from './turn.js';
import { emit, emitAll, message, say } from './turn.js';

/** What goes before a page's `fee` and `time` paragraphs (the compiler's previews and length checks use it too). */
export const PARAGRAPH_MARKS: Readonly<Record<'fee' | 'time', string>> = { fee: '💰 ', time: '⏱️ ' };

/** A choice's title and description in the turn's language. */
function present(turn: Turn, choice: ActionChoice): OutboundOption {
  const action = choice.action;
  switch (action.kind) {
    case 'option': {
      const description = action.option.description;
      const title = say(turn, action.option.label);
      return description === undefined
        ? { id: choice.id, number: choice.number, title }
        : { id: choice.id, number: choice.number, title, description: say(turn, description) };
    }
    case 'row': {
      const vars = rowVars(action.dynamic.into, action.item);
      const title = say(turn, action.dynamic.title, vars);
      const description = action.dynamic.description;
      return description === undefined
        ? { id: choice.id, number: choice.number, title }
        : { id: choice.id, number: choice.number, title, description: say(turn, description, vars) };
    }
    case 'command': {
      const command = action.command;
      const title =
        command === 'home'
          ? message(turn, 'home_label')
          : command === 'back'
            ? message(turn, 'back_label')
            : command === 'help'
              ? message(turn, 'help_label')
              : command;
      return { id: choice.id, number: choice.number, title };
    }
    case 'language': {
      const name = turn.graph.languages.find((l) => l.code === action.code)?.name ?? action.code;
      return { id: choice.id, number: choice.number, title: name };
    }
    case 'next':
      return { id: choice.id, number: choice.number, title: message(turn, 'next_label') };
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

/** A menu outbound: the body and the indexed choices in the turn's language. */
export function menuOutbound(turn: Turn, body: string, index: ActionIndex): Outbound {
  return { kind: 'menu', body, options: index.choices.map((choice) => present(turn, choice)) };
}

/** Per node: its renders by language, or `null` when it shows variables (never reused). */
const rendered = new WeakMap<GraphNode, Map<string, readonly Outbound[]> | null>();
/** A `{name}` inside a JSON string (JSON's own braces always touch a quote or another brace). */
const PLACEHOLDER = /\{[^{}\s"]*\}/;

/** True when nothing a node shows depends on variables (no placeholder anywhere), so renders can be reused. */
function isLiteral(graph: Graph, node: GraphNode): boolean {
  const labels = [graph.messages.back_label, graph.messages.home_label, graph.messages.next_label];
  return !PLACEHOLDER.test(JSON.stringify(node)) && !PLACEHOLDER.test(JSON.stringify(labels));
}

/**
 * Renders a static menu or a page, reusing the (frozen) messages of an earlier render in the same
 * language when the node shows no variables.
 */
export function renderStatic(turn: Turn, nodeId: string, node: MenuNode | PageNode): void {
  let perLanguage = rendered.get(node);
  if (perLanguage === undefined) {
    perLanguage = isLiteral(turn.graph, node) ? new Map() : null;
    rendered.set(node, perLanguage);
  }
  if (perLanguage === null) {
    for (const m of buildStatic(turn, nodeId, node)) emit(turn, m);
    return;
  }
  let messages = perLanguage.get(turn.lang);
  if (messages === undefined) {
    messages = Object.freeze(buildStatic(turn, nodeId, node).map((m) => deepFreeze(m)));
    perLanguage.set(turn.lang, messages);
  }
  emitAll(turn, messages);
}

function buildStatic(turn: Turn, nodeId: string, node: MenuNode | PageNode): Outbound[] {
  return node.kind === 'menu'
    ? [menuOutbound(turn, say(turn, node.text), menuIndex(turn.graph, nodeId, node))]
    : pageOutbound(turn, nodeId, node);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A page: its text, bullets and links as one message; then each media block and button as its
 * own message, in source order; then the small menu of its way on (none for `then end`). When the
 * page's first media-or-button block is a button that comes after all of the page's text and the
 * page has no links, the text so far becomes that button's body (one tappable message instead of
 * two); any later button's body is its label. A page of media and buttons only sends no empty text.
 */
function pageOutbound(turn: Turn, nodeId: string, node: PageNode): Outbound[] {
  const paragraphs: string[] = [];
  const bullets: string[] = [];
  const links: OutboundLink[] = [];
  const extras: Outbound[] = [];
  /** Whether a text-like block came after the first media or button. */
  let textAfterExtras = false;
  for (const block of node.blocks) {
    if (extras.length > 0 && block.kind !== 'media' && block.kind !== 'button') textAfterExtras = true;
    switch (block.kind) {
      case 'text':
        paragraphs.push(say(turn, block.text));
        break;
      case 'bullets':
        for (const item of block.items) bullets.push(say(turn, item));
        break;
      case 'link':
        links.push({ label: say(turn, block.label), url: interpolate(block.url, turn.vars) });
        break;
      case 'fee':
        paragraphs.push(PARAGRAPH_MARKS.fee + say(turn, block.text));
        break;
      case 'time':
        paragraphs.push(PARAGRAPH_MARKS.time + say(turn, block.text));
        break;
      case 'media':
        extras.push(mediaOutbound(turn, block));
        break;
      case 'button': {
        const label = say(turn, block.label);
        extras.push({ kind: 'button', body: label, label, url: interpolate(block.url, turn.vars) });
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  const text = paragraphs.join('\n\n');
  const out: Outbound[] = [];
  const first = extras[0];
  const folded = pageText(text, bullets);
  if (first?.kind === 'button' && links.length === 0 && !textAfterExtras && folded !== '') {
    extras[0] = { ...first, body: folded };
  } else if (text.trim() !== '' || bullets.length > 0 || links.length > 0 || extras.length === 0) {
    out.push({ kind: 'page', text, bullets, links });
  }
  out.push(...extras);
  const wayOn = wayOnIndex(turn.graph, nodeId, node);
  if (wayOn.choices.length > 0) out.push(menuOutbound(turn, message(turn, 'what_next'), wayOn));
  return out;
}

/** The page's text with its bullets as `• ` lines, as WhatsApp shows a page message. */
function pageText(text: string, bullets: readonly string[]): string {
  const list = bullets.map((b) => `• ${b}`).join('\n');
  return [text, list].filter((part) => part.trim() !== '').join('\n\n');
}

/** A media block in the turn's language: its link interpolated, its caption (none when empty). */
function mediaOutbound(turn: Turn, block: Extract<PageNode['blocks'][number], { kind: 'media' }>): Outbound {
  const caption = block.caption === undefined ? '' : say(turn, block.caption);
  return {
    kind: 'media',
    mediaType: block.mediaType,
    url: interpolate(block.url, turn.vars),
    ...(caption.trim() === '' ? {} : { caption }),
    ...(block.filename === undefined ? {} : { filename: block.filename }),
  };
}

/** Shows the language menu. */
export function renderLanguageMenu(turn: Turn): void {
  emit(turn, menuOutbound(turn, message(turn, 'choose_language'), languageIndex(turn.graph)));
}

/** Shows the "too many retries" text with home and help. */
export function renderStuckMenu(turn: Turn): void {
  emit(turn, menuOutbound(turn, message(turn, 'too_many_retries'), stuckIndex(turn.graph)));
}

/** Says the `invalid` hint, its `{choices}` listing the valid numbers and labels. */
export function sayInvalid(turn: Turn, index: ActionIndex): void {
  const choices = index.choices
    .map((choice) => {
      const option = present(turn, choice);
      return `${option.number} – ${option.title}`;
    })
    .join(', ');
  emit(turn, { kind: 'text', text: message(turn, 'invalid', { choices }) });
}
